// Access tokens: compact JWS JWTs (RFC 7519) signed with ES256, carrying
// iss, aud, sub (user id), sid (session id), iat, exp, telegram_id and, when
// the user has a subscription tier in force, tier.
#ifndef TGAUTH_SERVER_TOKEN_ACCESS_TOKEN_SIGNER_H_
#define TGAUTH_SERVER_TOKEN_ACCESS_TOKEN_SIGNER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/token/signing_key.h"

namespace tgauth {

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
};

class AccessTokenSigner {
 public:
  // `key` must outlive the signer.
  AccessTokenSigner(std::string issuer, std::string audience, const SigningKey& key)
      : issuer_(std::move(issuer)), audience_(std::move(audience)), key_(key) {}

  // header.payload.signature, each part base64url. INTERNAL if signing fails.
  absl::StatusOr<std::string> Sign(const AccessTokenClaims& claims) const;

  const SigningKey& key() const { return key_; }

 private:
  std::string issuer_;
  std::string audience_;
  const SigningKey& key_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_ACCESS_TOKEN_SIGNER_H_
