#include "server/token/access_token_signer.h"

#include <google/protobuf/struct.pb.h>

#include "common/secure_token.h"
#include "server/token/compact_jws.h"

namespace tgauth {

absl::StatusOr<std::string> AccessTokenSigner::Sign(const AccessTokenClaims& claims) const {
  const bool for_client = !claims.client_id.empty();
  google::protobuf::Struct payload;
  SetClaim(payload, "iss", issuer_);
  // RFC 9068 section 3: the resource is the client's own (no resource
  // indicator is supported), so its audience is the client_id.
  SetClaim(payload, "aud", for_client ? claims.client_id : audience_);
  SetClaim(payload, "sub", claims.user_id);
  SetClaim(payload, "sid", claims.session_id);
  SetClaim(payload, "iat", static_cast<double>(absl::ToUnixSeconds(claims.issued_at)));
  SetClaim(payload, "exp", static_cast<double>(absl::ToUnixSeconds(claims.expires_at)));
  if (claims.not_before != absl::InfinitePast()) {
    SetClaim(payload, "nbf", static_cast<double>(absl::ToUnixSeconds(claims.not_before)));
  }
  SetClaim(payload, "telegram_id", static_cast<double>(claims.telegram_id));
  if (!claims.subscription_tier.empty()) SetClaim(payload, "tier", claims.subscription_tier);
  if (!for_client) return SignCompactJws("JWT", payload, key_);
  absl::StatusOr<std::string> jti = NewToken();
  if (!jti.ok()) return absl::InternalError("no random bytes for the jti claim");
  SetClaim(payload, "jti", *jti);
  SetClaim(payload, "client_id", claims.client_id);
  SetClaim(payload, "scope", claims.scope);
  SetClaim(payload, "auth_time", static_cast<double>(absl::ToUnixSeconds(claims.auth_time)));
  return SignCompactJws(kRfc9068Type, payload, key_);
}

}  // namespace tgauth
