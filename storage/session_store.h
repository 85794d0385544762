// Sessions (one per sign-in, any number per user) and their refresh tokens.
// PostgreSQL in production. Refresh tokens are stored only as SHA-256; a
// rotated token keeps its row, linked to its successor's hash, so reuse can
// be detected (RFC 9700 section 4.14.2). Rows are written with the caller's
// clock; "active" means not revoked, and neither the session's absolute
// lifetime nor its current refresh token's idle lifetime has ended.
#ifndef TGAUTH_STORAGE_SESSION_STORE_H_
#define TGAUTH_STORAGE_SESSION_STORE_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/refresh_token_holder.h"
#include "storage/session_records.h"
#include "storage/user_store.h"

namespace tgauth::storage {

// The message of the FAILED_PRECONDITION that Create and
// CreateForTelegramUser return for a NewSession::client_id that names no
// registered OAuth client (storage/oauth_client_store.h).
inline constexpr char kUnknownOAuthClientMessage[] = "no OAuth client has this client_id";

// What SessionStore::CreateForTelegramUser wrote.
struct TelegramSignIn {
  UserRecord user;  // As stored after the call (subscription as stored).
  SessionRecord session;
};

class SessionStore {
 public:
  // Longest refresh token chain Refresh() reads: a replay within the grace
  // window never needs more, and a stolen old token cannot make it walk
  // thousands of rows.
  static constexpr int kMaxChainLength = 32;

  virtual ~SessionStore() = default;

  // Inserts the session and its first refresh token atomically: both rows or
  // neither. The record returned (and read later) has auth_time = created_at
  // if session.auth_time is InfinitePast. FAILED_PRECONDITION if `user_id`
  // names no user, or (kUnknownOAuthClientMessage) if a non-empty
  // `client_id` names no registered OAuth client (a disabled one is still
  // registered: refusing it is the caller's job); ALREADY_EXISTS if the
  // refresh token hash is taken; UNAVAILABLE if unreachable.
  virtual absl::StatusOr<SessionRecord> Create(const NewSession& session) = 0;

  // Signs the Telegram account of `profile` in, all or nothing: finds or
  // creates its user (created_at = updated_at = session.created_at),
  // writing the profile only if a field changed, where an empty photo_url
  // keeps the stored photo (UpdatedProfile); never touches the
  // subscription. Then creates `session` for that user (session.user_id is
  // ignored) with its first refresh token. ALREADY_EXISTS if the refresh
  // token hash is taken (then nothing is written), which includes by this
  // call's own write when the connection broke after its commit and the
  // write was retried; PERMISSION_DENIED (kBlockedUserMessage, nothing
  // written) if the user is blocked; FAILED_PRECONDITION
  // (kUnknownOAuthClientMessage, nothing written) as Create for an unknown
  // client_id; UNAVAILABLE if unreachable.
  virtual absl::StatusOr<TelegramSignIn> CreateForTelegramUser(const TelegramProfile& profile,
                                                               const NewSession& session) = 0;

  // The user's sessions, active or not, oldest first; empty if there are none.
  virtual absl::StatusOr<std::vector<SessionRecord>> ListByUser(absl::string_view user_id) = 0;

  // The user's active sessions as of `now`, newest first (created_at, then
  // id, descending); empty if there are none. UNAVAILABLE if unreachable.
  virtual absl::StatusOr<std::vector<SessionRecord>> ListActiveByUser(absl::string_view user_id,
                                                                      absl::Time now) = 0;

  // One session, active or not. NOT_FOUND if there is none (also for an id
  // that is no UUID); UNAVAILABLE if unreachable.
  virtual absl::StatusOr<SessionRecord> Get(absl::string_view session_id) = 0;

  // One step of refresh token rotation, atomic per session: locks the
  // session of the token whose SHA-256 is `token_hash` (SELECT ... FOR
  // UPDATE, so refreshes of one session run one after another), reads the
  // token's chain, asks `decide` what to do, applies that in the same
  // transaction and commits, whatever `decide` chose (a revocation for
  // reuse must stick even though the caller then refuses). Returns the
  // chain `decide` saw. `decide` may run more than once (a transaction lost
  // with its connection is retried) and must not call the store. NOT_FOUND
  // (decide not called) if no refresh token has this hash; for kRotate,
  // FAILED_PRECONDITION if the chain's last token is not current and
  // ALREADY_EXISTS if the successor hash is taken (then nothing is written);
  // UNAVAILABLE if unreachable. Under the lock and before `decide`, the
  // session must be `holder`'s: otherwise CheckHolder's PERMISSION_DENIED or
  // OUT_OF_RANGE, with `decide` not called and nothing written.
  virtual absl::StatusOr<RefreshChain> Refresh(
      absl::string_view token_hash, const RefreshTokenHolder& holder,
      absl::FunctionRef<RefreshDecision(const RefreshChain&)> decide) = 0;

  // Refresh token rotation in one round trip, for its common case: if the
  // token whose SHA-256 is `token_hash` is its session's current token,
  // unexpired at rotation.now, and the session is neither revoked nor
  // expired then, applies `rotation` (a RefreshDecision::Rotate whose
  // successor_expires_at is capped at the session's expiry) as Refresh
  // would, under the same lock, and returns the chain as it was (that one
  // token). NOT_FOUND if no refresh token has this hash; FAILED_PRECONDITION,
  // with nothing written, for any other token (rotated, expired, or its
  // session ended), which Refresh must then decide on; ALREADY_EXISTS if
  // the successor hash is taken; INVALID_ARGUMENT if `rotation` is no
  // kRotate; UNAVAILABLE if unreachable. Run again after a lost connection,
  // a rotation that did commit answers FAILED_PRECONDITION. A session that
  // is not `holder`'s is refused first, in the same statement, with nothing
  // written: CheckHolder's PERMISSION_DENIED or OUT_OF_RANGE.
  virtual absl::StatusOr<RefreshChain> RotateCurrent(absl::string_view token_hash,
                                                     const RefreshTokenHolder& holder,
                                                     const RefreshDecision& rotation) = 0;

  // Revokes session `session_id` with `reason`, stamped `now` by the fake
  // and by the database's own clock in PostgreSQL (the time is shown, never
  // used to find revocations: storage/session_revocation_log.h). Returns true if
  // this call revoked it, false if it already was revoked (its time and
  // reason stay). NOT_FOUND if there is no such session.
  virtual absl::StatusOr<bool> Revoke(absl::string_view session_id, absl::Time now,
                                      absl::string_view reason) = 0;

  // Revokes the session that the refresh token with this hash belongs to
  // (any token of its chain, current or rotated), like Revoke(). Returns the
  // session id and whether this call revoked it. NOT_FOUND if no refresh
  // token has this hash.
  virtual absl::StatusOr<Revocation> RevokeByRefreshToken(absl::string_view token_hash,
                                                          absl::Time now,
                                                          absl::string_view reason) = 0;

  // Revokes every session of `user_id` that is active at `now`, except
  // `keep_session_id`. Returns the ids it revoked (empty if none).
  // UNAVAILABLE if unreachable.
  virtual absl::StatusOr<std::vector<std::string>> RevokeAllExcept(
      absl::string_view user_id, absl::string_view keep_session_id, absl::Time now,
      absl::string_view reason) = 0;

  // Deletes at most `limit` rotated refresh tokens whose idle lifetime ended
  // before `now` (reuse of them can no longer be told from an unknown
  // token). Returns how many it deleted. UNAVAILABLE if unreachable.
  virtual absl::StatusOr<int> DeleteExpiredRefreshTokens(absl::Time now, int limit) = 0;

  // Deletes at most `limit` sessions (with all their refresh tokens) that
  // ended before `ended_before`: revoked, past their absolute lifetime, or
  // past their current refresh token's idle lifetime. Returns how many it
  // deleted. UNAVAILABLE if unreachable.
  virtual absl::StatusOr<int> DeleteEndedSessions(absl::Time ended_before, int limit) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_SESSION_STORE_H_
