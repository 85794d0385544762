// What the session library reports when it revokes sessions (a logout, the
// user's own revocations, refresh token reuse), so metrics need no code in
// those paths.
#ifndef TGAUTH_SERVER_SESSION_REVOCATION_LISTENER_H_
#define TGAUTH_SERVER_SESSION_REVOCATION_LISTENER_H_

namespace tgauth {

enum class RevokeReason {
  kLogout,             // The client logged out with its refresh token.
  kRevokedByUser,      // The user ended one of their sessions.
  kOtherSessions,      // The user logged out every other device.
  kRefreshTokenReuse,  // A refresh token was reused after its grace period.
  // An OAuth authorization code was exchanged twice (RFC 6749 section 4.1.2).
  kAuthorizationCodeReuse,
};

class RevocationListener {
 public:
  virtual ~RevocationListener() = default;

  // `count` sessions (at least 1) were just revoked for `reason`, by this
  // replica. Called on the revoking thread; must not block.
  virtual void OnSessionsRevoked(RevokeReason reason, int count) = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_REVOCATION_LISTENER_H_
