#include "server/token/compact_jws.h"

#include <google/protobuf/util/json_util.h>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace tgauth {
namespace {

using google::protobuf::Struct;

absl::StatusOr<std::string> Base64UrlJson(const Struct& object) {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(object, &json).ok()) {
    return absl::InternalError("cannot serialise JWT part");
  }
  std::string out;
  absl::WebSafeBase64Escape(json, &out);
  return out;
}

}  // namespace

void SetClaim(Struct& claims, const char* name, absl::string_view value) {
  (*claims.mutable_fields())[name].set_string_value(std::string(value));
}

void SetClaim(Struct& claims, const char* name, double value) {
  (*claims.mutable_fields())[name].set_number_value(value);
}

absl::StatusOr<std::string> SignCompactJws(absl::string_view typ, const Struct& claims,
                                           const SigningKey& key) {
  Struct header;
  SetClaim(header, "alg", "ES256");
  SetClaim(header, "typ", typ);
  SetClaim(header, "kid", key.kid());
  absl::StatusOr<std::string> header_part = Base64UrlJson(header);
  if (!header_part.ok()) return header_part.status();
  absl::StatusOr<std::string> payload_part = Base64UrlJson(claims);
  if (!payload_part.ok()) return payload_part.status();
  std::string signing_input = absl::StrCat(*header_part, ".", *payload_part);
  absl::StatusOr<std::string> signature = key.Sign(signing_input);
  if (!signature.ok()) return signature.status();
  std::string signature_part;
  absl::WebSafeBase64Escape(*signature, &signature_part);
  return absl::StrCat(signing_input, ".", signature_part);
}

}  // namespace tgauth
