#include "server/token/id_token_signer.h"

#include <google/protobuf/struct.pb.h>

#include "server/token/compact_jws.h"

namespace tgauth {
namespace {

double Seconds(absl::Time t) { return static_cast<double>(absl::ToUnixSeconds(t)); }

void SetIfNotEmpty(google::protobuf::Struct& claims, const char* name, absl::string_view value) {
  if (!value.empty()) SetClaim(claims, name, value);
}

}  // namespace

absl::StatusOr<std::string> IdTokenSigner::Sign(const IdTokenClaims& claims) const {
  google::protobuf::Struct payload;
  SetClaim(payload, "iss", issuer_);
  SetClaim(payload, "sub", claims.user_id);
  SetClaim(payload, "aud", claims.client_id);
  SetClaim(payload, "iat", Seconds(claims.issued_at));
  SetClaim(payload, "exp", Seconds(claims.expires_at));
  SetClaim(payload, "auth_time", Seconds(claims.auth_time));
  SetClaim(payload, "sid", claims.session_id);
  SetClaim(payload, "telegram_id", static_cast<double>(claims.telegram_id));
  SetIfNotEmpty(payload, "nonce", claims.nonce);
  if (!claims.amr.empty()) {
    auto* amr = (*payload.mutable_fields())["amr"].mutable_list_value();
    for (const std::string& method : claims.amr) amr->add_values()->set_string_value(method);
  }
  if (claims.profile.has_value()) {
    SetIfNotEmpty(payload, "name", claims.profile->name);
    SetIfNotEmpty(payload, "preferred_username", claims.profile->preferred_username);
    SetIfNotEmpty(payload, "picture", claims.profile->picture);
  }
  return SignCompactJws("JWT", payload, key_);
}

}  // namespace tgauth
