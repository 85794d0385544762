// What operators do to users and their sessions (AdminService): find and
// list users, block, unblock and erase them, list and revoke sessions, and
// gather everything held about a user for a data-subject request. Every
// change names the operator who made it in the log.
#ifndef TGAUTH_SERVER_SESSION_USER_ADMINISTRATION_H_
#define TGAUTH_SERVER_SESSION_USER_ADMINISTRATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "server/session/blocked_accounts.h"
#include "storage/rate_limiter.h"
#include "storage/session_store.h"
#include "storage/user_admin_store.h"
#include "storage/user_store.h"

namespace tgauth {

// One page of List().
struct UserPage {
  std::vector<storage::UserRecord> users;
  std::string next_page_token;  // Empty on the last page.
};

// Everything Export() gathers about one user.
struct UserData {
  storage::UserRecord user;
  std::vector<storage::SessionRecord> sessions;  // Oldest first.
  std::vector<storage::UserRedemption> redemptions;
};

// Longest operator note BlockUser keeps, bytes.
inline constexpr size_t kMaxBlockReasonBytes = 256;
// ListUsers' page size when none is asked, and the largest allowed.
inline constexpr int kDefaultUserPageSize = 100;
inline constexpr int kMaxUserPageSize = 1000;

class UserAdministration {
 public:
  // All references must outlive this.
  UserAdministration(storage::UserStore& users, storage::UserAdminStore& admin,
                     storage::SessionStore& sessions, const Clock& clock)
      : users_(users), admin_(admin), sessions_(sessions), clock_(clock) {}

  // The user by tgauth id. INVALID_ARGUMENT if `user_id` is no UUID;
  // NOT_FOUND if there is no such user; UNAVAILABLE.
  absl::StatusOr<storage::UserRecord> FindById(absl::string_view user_id);
  // INVALID_ARGUMENT if `telegram_id` is not positive; NOT_FOUND; UNAVAILABLE.
  absl::StatusOr<storage::UserRecord> FindByTelegramId(int64_t telegram_id);
  // By Telegram username, with or without '@', case-insensitive.
  // INVALID_ARGUMENT if it is not 1-64 of A-Z a-z 0-9 _; NOT_FOUND; UNAVAILABLE.
  absl::StatusOr<storage::UserRecord> FindByUsername(absl::string_view username);

  // One page of users matching `filter`, newest first. `page_size` 0 means
  // kDefaultUserPageSize. INVALID_ARGUMENT if page_size is negative or above
  // kMaxUserPageSize, or `page_token` is not one this returned; UNAVAILABLE.
  absl::StatusOr<UserPage> List(const storage::UserFilter& filter,
                                absl::string_view page_token, int page_size);

  // Blocks the user (UserAdminStore::Block), revoking all their sessions.
  // INVALID_ARGUMENT for a malformed id or a reason over
  // kMaxBlockReasonBytes; NOT_FOUND; UNAVAILABLE.
  absl::StatusOr<storage::UserChange> Block(absl::string_view user_id, absl::string_view reason,
                                            absl::string_view operator_name);
  // Errors as Block.
  absl::StatusOr<storage::UserChange> Unblock(absl::string_view user_id,
                                              absl::string_view operator_name);
  // Erases the user (UserAdminStore::Erase), then what Redis keeps under
  // their Telegram id (the sign-in limit's bucket, when `limiter` was
  // given to ForgetInRedis). Errors as Block.
  absl::StatusOr<storage::UserChange> Erase(absl::string_view user_id,
                                            absl::string_view operator_name);

  // The user's sessions, active or not, newest first. Errors as FindById.
  absl::StatusOr<std::vector<storage::SessionRecord>> Sessions(absl::string_view user_id);
  // Revokes one session of the user (reason "admin"); true if this call
  // revoked it. INVALID_ARGUMENT for malformed ids; NOT_FOUND if the user
  // has no such session; UNAVAILABLE.
  absl::StatusOr<bool> RevokeSession(absl::string_view user_id, absl::string_view session_id,
                                     absl::string_view operator_name);
  // Revokes every active session of the user (reason "admin"); returns
  // their ids. Errors as FindById.
  absl::StatusOr<std::vector<std::string>> RevokeAllSessions(absl::string_view user_id,
                                                             absl::string_view operator_name);

  // Everything held about the user. Errors as FindById.
  absl::StatusOr<UserData> Export(absl::string_view user_id);

  // Erase() also clears the sign-in limit's bucket of the user's Telegram
  // id in `limiter` (which must outlive this). Call while wiring.
  void ForgetInRedis(storage::RateLimiter& limiter) { limiter_ = &limiter; }

  // Notes every block, unblock and erasure made here in `blocked` (which
  // must outlive this) once it committed, so this replica's bot knows of it
  // at once. Call while wiring.
  void KeepCurrent(BlockedAccounts& blocked) { blocked_ = &blocked; }

 private:
  // Tells `blocked_`, if set, that the account `telegram_id` is now
  // blocked (or not).
  void NoteBlock(int64_t telegram_id, bool blocked);

  storage::UserStore& users_;
  storage::UserAdminStore& admin_;
  storage::SessionStore& sessions_;
  const Clock& clock_;
  storage::RateLimiter* limiter_ = nullptr;
  BlockedAccounts* blocked_ = nullptr;  // Null: nothing to keep current.
};

// The revoke reason of sessions an operator ends.
inline constexpr char kRevokedByAdmin[] = "admin";

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_USER_ADMINISTRATION_H_
