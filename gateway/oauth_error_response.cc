#include "gateway/oauth_error_response.h"

#include <string>

#include "gateway/json_response.h"
#include "google/protobuf/struct.pb.h"

namespace tgauth::gateway {

HttpResponse OAuthErrorResponse(int status, absl::string_view error,
                                absl::string_view description) {
  google::protobuf::Struct body;
  auto& fields = *body.mutable_fields();
  fields["error"].set_string_value(std::string(error));
  if (!description.empty()) fields["error_description"].set_string_value(std::string(description));
  HttpResponse response = ProtoJsonResponse(body, JsonFieldNames::kProtoFieldName, status);
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  return response;
}

HttpResponse BasicInvalidClientResponse(absl::string_view description) {
  HttpResponse response = OAuthErrorResponse(401, "invalid_client", description);
  // RFC 7617 section 2: the challenge names a realm.
  response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"tgauth\", charset=\"UTF-8\"");
  return response;
}

}  // namespace tgauth::gateway
