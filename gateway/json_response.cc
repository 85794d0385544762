#include "gateway/json_response.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <string>

#include "absl/strings/string_view.h"
#include "common/log.h"
#include "common/server_status.h"
#include "gateway/grpc_http_status.h"

namespace tgauth::gateway {

HttpResponse ProtoJsonResponse(const google::protobuf::Message& message, JsonFieldNames names,
                               int status) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = names == JsonFieldNames::kProtoFieldName;
  HttpResponse response{.status = status, .content_type = "application/json"};
  if (!google::protobuf::util::MessageToJsonString(message, &response.body, options).ok()) {
    // Only reachable with a malformed message (e.g. an out-of-range Timestamp).
    return ErrorResponse(grpc::StatusCode::INTERNAL, "cannot print the response as JSON");
  }
  return response;
}

HttpResponse ErrorResponse(grpc::StatusCode code, absl::string_view message) {
  google::protobuf::Struct body;
  auto& fields = *body.mutable_fields();
  fields["code"].set_number_value(static_cast<int>(code));
  fields["message"].set_string_value(std::string(message));
  HttpResponse response{.status = HttpStatusFromGrpcCode(code), .content_type = "application/json"};
  // A Struct of a number and a string always prints.
  (void)google::protobuf::util::MessageToJsonString(body, &response.body);
  return response;
}

HttpResponse BadRequestResponse(const absl::Status& invalid) {
  return ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT, std::string(invalid.message()));
}

HttpResponse ErrorResponse(const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE &&
      status.error_details() != kServerComposedStatusDetails) {
    LogWarning("AuthService unavailable", {{"error", status.error_message()}});
    return ErrorResponse(status.error_code(), "tgauth-server is unavailable; retry later");
  }
  return ErrorResponse(status.error_code(), status.error_message());
}

}  // namespace tgauth::gateway
