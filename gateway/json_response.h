// JSON responses: protos printed with protobuf's JSON printer, and the error
// body every failure uses, {"code": <gRPC code number>, "message": "..."}
// (the grpc-gateway convention).
#ifndef TGAUTH_GATEWAY_JSON_RESPONSE_H_
#define TGAUTH_GATEWAY_JSON_RESPONSE_H_

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

enum class JsonFieldNames {
  kCamelCase,       // proto3 JSON: "loginToken" (the REST API).
  kProtoFieldName,  // "login_token" (JWKS and the Bot API use snake_case).
};

// `status` with `message` printed as JSON (default values omitted).
// google.protobuf.Struct prints as a plain JSON object.
HttpResponse ProtoJsonResponse(const google::protobuf::Message& message,
                               JsonFieldNames names = JsonFieldNames::kCamelCase, int status = 200);

// {"code": code, "message": message} with HttpStatusFromGrpcCode(code).
HttpResponse ErrorResponse(grpc::StatusCode code, absl::string_view message);

// 400 with {"code": 3, "message": invalid.message()}: a request the gateway
// refuses before any RPC (`invalid` is an INVALID_ARGUMENT naming the field).
HttpResponse BadRequestResponse(const absl::Status& invalid);

// The error body for a failed RPC. The server's message is passed through
// (tgauth-server writes only client-safe messages), except for UNAVAILABLE
// that the server did not compose (common/server_status.h): gRPC's own
// connection errors name internal addresses, so clients get a fixed "retry
// later" message and the detail goes to the log.
HttpResponse ErrorResponse(const grpc::Status& status);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_JSON_RESPONSE_H_
