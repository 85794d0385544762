#include "server/token/logout_token_signer.h"

#include <google/protobuf/struct.pb.h>

#include "common/secure_token.h"
#include "server/token/compact_jws.h"

namespace tgauth {

absl::StatusOr<std::string> LogoutTokenSigner::Sign(const LogoutTokenClaims& claims) const {
  absl::StatusOr<std::string> jti = NewToken();
  if (!jti.ok()) return jti.status();
  const int64_t iat = absl::ToUnixSeconds(claims.issued_at);
  google::protobuf::Struct payload;
  SetClaim(payload, "iss", issuer_);
  SetClaim(payload, "aud", claims.client_id);
  SetClaim(payload, "sub", claims.user_id);
  SetClaim(payload, "sid", claims.session_id);
  SetClaim(payload, "iat", static_cast<double>(iat));
  SetClaim(payload, "exp", static_cast<double>(iat + absl::ToInt64Seconds(kLogoutTokenLifetime)));
  SetClaim(payload, "jti", *jti);
  // An empty object under the event's URI (section 2.4).
  (*(*payload.mutable_fields())["events"]
        .mutable_struct_value()
        ->mutable_fields())[kBackchannelLogoutEvent]
      .mutable_struct_value();
  return SignCompactJws("logout+jwt", payload, key_);
}

}  // namespace tgauth
