// OpenID Connect ID tokens (OpenID Connect Core 1.0 section 2), signed with
// the same ES256 key ring as access tokens: what a client learns about the
// user who signed in through tgauth, and the session it belongs to.
#ifndef TGAUTH_SERVER_TOKEN_ID_TOKEN_SIGNER_H_
#define TGAUTH_SERVER_TOKEN_ID_TOKEN_SIGNER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/token/signing_key.h"

namespace tgauth {

// The standard claims of the `profile` scope that Telegram has (Core
// section 5.1); empty ones are omitted.
struct IdTokenProfile {
  std::string name;                // `name`: first and last name, as Telegram shows them.
  std::string preferred_username;  // `preferred_username`: the @username without '@'.
  std::string picture;             // `picture`: the profile photo's URL.
};

struct IdTokenClaims {
  std::string user_id;     // `sub`: tgauth's user id.
  std::string client_id;   // `aud`: the client the token is for.
  std::string session_id;  // `sid` (OpenID Connect Back-Channel Logout 1.0 section 2.4).
  int64_t telegram_id = 0;
  absl::Time issued_at;   // `iat`, whole seconds.
  absl::Time expires_at;  // `exp`, whole seconds.
  // `auth_time`: when the user signed in; a token refreshed later keeps it
  // (Core section 12.2).
  absl::Time auth_time;
  // `nonce`: the authorization request's, echoed (Core section 3.1.2.1);
  // omitted when empty, as on a refresh.
  std::string nonce;
  // `amr`: how the user signed in (RFC 8176 values); omitted when empty.
  std::vector<std::string> amr;
  // Present only when the client was granted the `profile` scope.
  std::optional<IdTokenProfile> profile;
};

class IdTokenSigner {
 public:
  // `key` must outlive the signer. `issuer` is the `iss` of every token:
  // byte for byte the discovery document's `issuer` (OpenID Connect
  // Discovery 1.0 section 4.3).
  IdTokenSigner(std::string issuer, const SigningKey& key)
      : issuer_(std::move(issuer)), key_(key) {}

  // A compact JWS with `typ` "JWT". INTERNAL if signing fails.
  absl::StatusOr<std::string> Sign(const IdTokenClaims& claims) const;

 private:
  std::string issuer_;
  const SigningKey& key_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_ID_TOKEN_SIGNER_H_
