// Access tokens: compact JWS JWTs (RFC 7519) signed with ES256, carrying
// iss, aud, sub (user id), sid (session id), iat, exp, telegram_id and, when
// the user has a subscription tier in force, tier.
//
// Two kinds. A first-party session's token (tgauth's own routes) is typed
// "JWT" with aud = tgauth's --audience. An OAuth client's session gets an
// RFC 9068 access token instead: header `typ` "at+jwt" (section 2.1), aud
// = the client_id, and the claims client_id, scope, jti, auth_time besides
// (section 2.2), so it is never mistaken for a first-party token or an ID
// token (RFC 8725 section 3.11).
#ifndef TGAUTH_SERVER_TOKEN_ACCESS_TOKEN_SIGNER_H_
#define TGAUTH_SERVER_TOKEN_ACCESS_TOKEN_SIGNER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/token/signing_key.h"

namespace tgauth {

// The `typ` header of an OAuth client's access token (RFC 9068 section 2.1).
inline constexpr char kRfc9068Type[] = "at+jwt";

struct AccessTokenClaims {
  std::string user_id;     // `sub`
  std::string session_id;  // `sid`
  int64_t telegram_id = 0;
  std::string subscription_tier;  // `tier`: the tier in force; omitted when empty.
  absl::Time issued_at;           // `iat`, whole seconds
  absl::Time expires_at;          // `exp`, whole seconds
  // `nbf`, whole seconds; InfinitePast: no such claim (tgauth's own tokens
  // are valid from `iat`).
  absl::Time not_before = absl::InfinitePast();
  // The OAuth client whose session this is (`client_id` and `aud`); empty
  // for a first-party token. The rest are an RFC 9068 token's only.
  std::string client_id;
  std::string scope;     // `scope`: space-separated, as granted for this token.
  absl::Time auth_time;  // `auth_time`, whole seconds: when the user signed in.
  std::string jwt_id;    // `jti`: Sign() makes a fresh one; validation reads it.
};

class AccessTokenSigner {
 public:
  // `key` must outlive the signer.
  AccessTokenSigner(std::string issuer, std::string audience, const SigningKey& key)
      : issuer_(std::move(issuer)), audience_(std::move(audience)), key_(key) {}

  // header.payload.signature, each part base64url: an RFC 9068 token when
  // claims.client_id is set (with a new `jti` from the CSPRNG), else a
  // first-party one. INTERNAL if signing or the CSPRNG fails.
  absl::StatusOr<std::string> Sign(const AccessTokenClaims& claims) const;

  const SigningKey& key() const { return key_; }

 private:
  std::string issuer_;
  std::string audience_;
  const SigningKey& key_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_ACCESS_TOKEN_SIGNER_H_
