// JWTs as compact JWS signed with ES256 (RFC 7515 section 7.1, RFC 7519
// section 7.1): what tgauth's access tokens and ID tokens share.
#ifndef TGAUTH_SERVER_TOKEN_COMPACT_JWS_H_
#define TGAUTH_SERVER_TOKEN_COMPACT_JWS_H_

#include <google/protobuf/struct.pb.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/token/signing_key.h"

namespace tgauth {

// header.payload.signature, each part base64url without padding: the
// header is {"alg": "ES256", "typ": typ, "kid": key.kid()}, the payload is
// `claims` as JSON (numbers print as JSON numbers; every number tgauth puts
// in a JWT, Unix seconds and Telegram ids < 2^52, is exact in a double).
// INTERNAL if printing or signing fails.
absl::StatusOr<std::string> SignCompactJws(absl::string_view typ,
                                           const google::protobuf::Struct& claims,
                                           const SigningKey& key);

// Sets claim `name` of `claims` to a string or a number.
void SetClaim(google::protobuf::Struct& claims, const char* name, absl::string_view value);
void SetClaim(google::protobuf::Struct& claims, const char* name, double value);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_COMPACT_JWS_H_
