#include "server/token/access_token_signer.h"

#include <google/protobuf/struct.pb.h>

#include "server/token/compact_jws.h"

namespace tgauth {

absl::StatusOr<std::string> AccessTokenSigner::Sign(const AccessTokenClaims& claims) const {
  google::protobuf::Struct payload;
  SetClaim(payload, "iss", issuer_);
  SetClaim(payload, "aud", audience_);
  SetClaim(payload, "sub", claims.user_id);
  SetClaim(payload, "sid", claims.session_id);
  SetClaim(payload, "iat", static_cast<double>(absl::ToUnixSeconds(claims.issued_at)));
  SetClaim(payload, "exp", static_cast<double>(absl::ToUnixSeconds(claims.expires_at)));
  if (claims.not_before != absl::InfinitePast()) {
    SetClaim(payload, "nbf", static_cast<double>(absl::ToUnixSeconds(claims.not_before)));
  }
  SetClaim(payload, "telegram_id", static_cast<double>(claims.telegram_id));
  if (!claims.subscription_tier.empty()) SetClaim(payload, "tier", claims.subscription_tier);
  return SignCompactJws("JWT", payload, key_);
}

}  // namespace tgauth
