#include "server/token/access_token_signer.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace tgauth {
namespace {

using google::protobuf::Struct;

// JSON through protobuf's printer: numbers print as JSON numbers, and every
// number here (Unix seconds, Telegram ids < 2^52) is exact in a double.
absl::StatusOr<std::string> Base64UrlJson(const Struct& object) {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(object, &json).ok()) {
    return absl::InternalError("cannot serialise JWT part");
  }
  std::string out;
  absl::WebSafeBase64Escape(json, &out);
  return out;
}

void Set(Struct& object, const char* name, absl::string_view value) {
  (*object.mutable_fields())[name].set_string_value(std::string(value));
}
void Set(Struct& object, const char* name, double value) {
  (*object.mutable_fields())[name].set_number_value(value);
}

}  // namespace

absl::StatusOr<std::string> AccessTokenSigner::Sign(const AccessTokenClaims& claims) const {
  Struct header;
  Set(header, "alg", "ES256");
  Set(header, "typ", "JWT");
  Set(header, "kid", key_.kid());

  Struct payload;
  Set(payload, "iss", issuer_);
  Set(payload, "aud", audience_);
  Set(payload, "sub", claims.user_id);
  Set(payload, "sid", claims.session_id);
  Set(payload, "iat", static_cast<double>(absl::ToUnixSeconds(claims.issued_at)));
  Set(payload, "exp", static_cast<double>(absl::ToUnixSeconds(claims.expires_at)));
  if (claims.not_before != absl::InfinitePast()) {
    Set(payload, "nbf", static_cast<double>(absl::ToUnixSeconds(claims.not_before)));
  }
  Set(payload, "telegram_id", static_cast<double>(claims.telegram_id));
  if (!claims.subscription_tier.empty()) Set(payload, "tier", claims.subscription_tier);

  absl::StatusOr<std::string> header_part = Base64UrlJson(header);
  if (!header_part.ok()) return header_part.status();
  absl::StatusOr<std::string> payload_part = Base64UrlJson(payload);
  if (!payload_part.ok()) return payload_part.status();
  std::string signing_input = absl::StrCat(*header_part, ".", *payload_part);
  absl::StatusOr<std::string> signature = key_.Sign(signing_input);
  if (!signature.ok()) return signature.status();
  std::string signature_part;
  absl::WebSafeBase64Escape(*signature, &signature_part);
  return absl::StrCat(signing_input, ".", signature_part);
}

}  // namespace tgauth
