// A user's view of their sessions: listing them, logging one out, and
// logging out every other device. Each revocation, once committed, is added
// to this replica's RevokedSessions at once, so the session's access tokens
// stop validating here immediately (other replicas follow within 1 s
// through the revocation feed).
#ifndef TGAUTH_SERVER_SESSION_SESSION_MANAGER_H_
#define TGAUTH_SERVER_SESSION_SESSION_MANAGER_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/session/address_limit.h"
#include "server/session/revocation_listener.h"
#include "server/token/revoked_sessions.h"
#include "storage/session_store.h"

namespace tgauth {

class SessionManager {
 public:
  // `access_token_lifetime`: how long a revoked session must stay in
  // `revoked` (its last access token's lifetime). `failures_per_ip`: the
  // refresh tokens one address may present that are malformed or unknown,
  // shared with the failed refreshes (kFailedRefreshTokenBuckets).
  // References must outlive the manager.
  SessionManager(storage::SessionStore& sessions, RevokedSessions& revoked,
                 absl::Duration access_token_lifetime, storage::RateLimiter& limiter,
                 AddressLimitOptions failures_per_ip, const Clock& clock)
      : sessions_(sessions),
        revoked_(revoked),
        access_token_lifetime_(access_token_lifetime),
        failures_(limiter, kFailedRefreshTokenBuckets, "unknown refresh tokens", failures_per_ip),
        clock_(clock) {}

  // Logout by refresh token, the only credential needed (RFC 7009): revokes
  // the session of any token of its chain. OK also if the session already
  // was revoked or the token is unknown (RFC 7009 section 2.2);
  // INVALID_ARGUMENT if it is not shaped like a tgauth refresh token;
  // UNAVAILABLE if the store is unreachable. For a client at `ip`
  // (Device.ip_address), whose malformed and unknown tokens count as
  // failures: RESOURCE_EXHAUSTED, trying nothing, while it is over the
  // limit (which fails open when its store is unreachable).
  absl::Status RevokeByRefreshToken(absl::string_view refresh_token, absl::string_view ip);

  // Revokes session `session_id` of user `user_id`. OK also if it already
  // was revoked; INVALID_ARGUMENT if `session_id` is empty; NOT_FOUND "no
  // such session" if it is unknown or another user's; UNAVAILABLE.
  absl::Status RevokeOwn(absl::string_view user_id, absl::string_view session_id);

  // Revokes session `session_id` of user `user_id` because its app logged
  // it out (OpenID Connect RP-Initiated Logout 1.0). Errors as RevokeOwn.
  absl::Status LogOut(absl::string_view user_id, absl::string_view session_id);

  // Revokes session `session_id` of user `user_id` because the
  // authorization code it was issued for was exchanged again (RFC 6749
  // section 4.1.2: the code may have been stolen). Errors as RevokeOwn.
  absl::Status RevokeForCodeReuse(absl::string_view user_id, absl::string_view session_id);

  // "Log out my other devices": revokes every active session of `user_id`
  // but `current_session_id`. Returns how many it revoked; UNAVAILABLE.
  absl::StatusOr<int> RevokeOthers(absl::string_view user_id, absl::string_view current_session_id);

  // The user's active sessions, newest first; UNAVAILABLE.
  absl::StatusOr<std::vector<storage::SessionRecord>> ListActive(absl::string_view user_id);

  // Registers `listener` (which must outlive this) to hear of every
  // revocation. Register before the first call.
  void AddListener(RevocationListener& listener) { listeners_.push_back(&listener); }

 private:
  // Revokes one session of `user_id` (RevokeOwn's contract), storing
  // `stored_reason` and telling listeners `reason`.
  absl::Status RevokeOne(absl::string_view user_id, absl::string_view session_id,
                         absl::string_view stored_reason, RevokeReason reason);
  // Makes this replica refuse the session's access tokens at once.
  void Remember(absl::string_view session_id, absl::Time now);
  void Tell(RevokeReason reason, int count) const;

  storage::SessionStore& sessions_;
  RevokedSessions& revoked_;
  const absl::Duration access_token_lifetime_;
  const AddressLimit failures_;
  const Clock& clock_;
  std::vector<RevocationListener*> listeners_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_SESSION_MANAGER_H_
