// What operators do to users (AdminService): find and list them, block and
// unblock them, erase them. PostgreSQL in production. Each change that
// ends sessions revokes them in the same transaction as the change, so the
// revocation feed (storage/session_revocation_log.h) sees them at once.
#ifndef TGAUTH_STORAGE_USER_ADMIN_STORE_H_
#define TGAUTH_STORAGE_USER_ADMIN_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/user_store.h"

namespace tgauth::storage {

// Which users List returns; unset fields match everyone.
struct UserFilter {
  std::optional<absl::Time> created_after;   // Inclusive.
  std::optional<absl::Time> created_before;  // Exclusive.
  std::optional<bool> blocked;
  std::string tier;  // The stored subscription tier; empty: any.
};

// Where a page of List starts: strictly after this user in List's order.
struct UserCursor {
  absl::Time created_at;
  std::string id;
};

// What a change did.
struct UserChange {
  UserRecord user;    // As stored after the call (as before it, for Erase).
  bool changed = false;  // False: the user already was in the asked state.
  std::vector<std::string> revoked_session_ids;  // Revoked by this call.
};

// One redemption of an invite code by the user (for ExportUser).
struct UserRedemption {
  int64_t invite_code_id = 0;
  std::string tier;
  absl::Time redeemed_at;
};

// Session revoke reasons this store writes.
inline constexpr char kRevokedBlocked[] = "user_blocked";
inline constexpr char kRevokedDeleted[] = "user_deleted";

// Each change appends its domain events (storage/domain_events.h) in the
// same transaction, stamped with EventOrigin::Current(): user.blocked,
// user.unblocked or user.deleted when it changed the user, and
// session.revoked for every session it revoked.
class UserAdminStore {
 public:
  virtual ~UserAdminStore() = default;

  // The user with this Telegram username (case-insensitive, without '@').
  // NOT_FOUND if there is none; UNAVAILABLE if unreachable.
  virtual absl::StatusOr<UserRecord> FindByUsername(absl::string_view username) = 0;

  // At most `limit` users matching `filter`, newest first (created_at, then
  // id, descending), starting after `after` when set; erased users never
  // show. Empty if none. UNAVAILABLE if unreachable.
  virtual absl::StatusOr<std::vector<UserRecord>> List(const UserFilter& filter,
                                                       const std::optional<UserCursor>& after,
                                                       int limit) = 0;

  // Atomically: marks the user blocked at `now` with `reason` (unless it
  // already is: then its time and reason stay) and revokes every session
  // of theirs still active at `now` (reason kRevokedBlocked). NOT_FOUND if
  // there is no such user (or no UUID); UNAVAILABLE if unreachable.
  virtual absl::StatusOr<UserChange> Block(absl::string_view user_id, absl::string_view reason,
                                           absl::Time now) = 0;

  // Clears the block (changed false if there was none). NOT_FOUND as Block.
  virtual absl::StatusOr<UserChange> Unblock(absl::string_view user_id, absl::Time now) = 0;

  // Erasure, atomically: revokes every session of the user still active
  // (reason kRevokedDeleted), clears every session's device facts (the
  // cleaner deletes the ended sessions later), clears the user's profile,
  // subscription and block, and releases the Telegram id (a later sign-in
  // of that account creates a new user). Only the user's id remains.
  // NOT_FOUND if there is no such user, or it was erased already;
  // UNAVAILABLE if unreachable.
  virtual absl::StatusOr<UserChange> Erase(absl::string_view user_id, absl::Time now) = 0;

  // The Telegram ids of every blocked user, in no particular order (an
  // erased user has none); empty if nobody is blocked. Blocked users are
  // few (an operator blocks each), so all of them fit in one answer.
  // UNAVAILABLE if unreachable.
  virtual absl::StatusOr<std::vector<int64_t>> ListBlockedTelegramIds() = 0;

  // The user's invite code redemptions, oldest first; empty if none.
  // UNAVAILABLE if unreachable.
  virtual absl::StatusOr<std::vector<UserRedemption>> ListRedemptions(
      absl::string_view user_id) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_USER_ADMIN_STORE_H_
