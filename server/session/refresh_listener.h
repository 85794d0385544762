// What refresh token rotation (session_refresher.h) reports about each
// refresh, so metrics need no code in the rotation.
#ifndef TGAUTH_SERVER_SESSION_REFRESH_LISTENER_H_
#define TGAUTH_SERVER_SESSION_REFRESH_LISTENER_H_

namespace tgauth {

enum class RefreshOutcome {
  kRotated,        // A current refresh token was exchanged for the next one.
  kGrace,          // A replay the rotation forgives got the current pair.
  kReuseDetected,  // Reuse: the session was revoked.
  kRefused,        // Malformed, unknown, expired, revoked, or over the limit.
  kFailed,         // The store failed; nothing changed.
};

class RefreshListener {
 public:
  virtual ~RefreshListener() = default;

  // Called once per refresh, on the refreshing thread. Must not block.
  virtual void OnRefresh(RefreshOutcome outcome) = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_REFRESH_LISTENER_H_
