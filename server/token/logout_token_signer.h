// Logout tokens (OpenID Connect Back-Channel Logout 1.0 section 2.4): the
// JWT tgauth POSTs to a client's backchannel_logout_uri when a session it
// was issued ends. Signed with the same ES256 key ring as ID tokens, so the
// client verifies it against the JWKS it already uses.
#ifndef TGAUTH_SERVER_TOKEN_LOGOUT_TOKEN_SIGNER_H_
#define TGAUTH_SERVER_TOKEN_LOGOUT_TOKEN_SIGNER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/token/signing_key.h"

namespace tgauth {

// The `events` member that makes a JWT a logout token (section 2.4).
inline constexpr char kBackchannelLogoutEvent[] =
    "http://schemas.openid.net/event/backchannel-logout";

struct LogoutTokenClaims {
  std::string user_id;     // `sub`: tgauth's user id.
  std::string client_id;   // `aud`: the client the session was issued to.
  std::string session_id;  // `sid`: the session that ended, as its ID tokens named it.
  absl::Time issued_at;    // `iat`, whole seconds; `exp` is two minutes later.
};

// How long a logout token is valid after `iat`: long enough for the
// request's own time on the wire, short so that a captured token is soon
// useless (section 2.4 asks for a short `exp`; a retry signs a new token).
inline constexpr absl::Duration kLogoutTokenLifetime = absl::Minutes(2);

class LogoutTokenSigner {
 public:
  // `key` must outlive the signer. `issuer` is the `iss`: byte for byte the
  // ID tokens' (and the discovery document's) `issuer`.
  LogoutTokenSigner(std::string issuer, const SigningKey& key)
      : issuer_(std::move(issuer)), key_(key) {}

  // A compact JWS with `typ` "logout+jwt" (section 2.4) and claims iss,
  // aud, sub, sid, iat, exp, a fresh random `jti` and `events`; never a
  // `nonce` (section 2.4 forbids one). INTERNAL if the CSPRNG or signing
  // fails.
  absl::StatusOr<std::string> Sign(const LogoutTokenClaims& claims) const;

 private:
  std::string issuer_;
  const SigningKey& key_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_LOGOUT_TOKEN_SIGNER_H_
