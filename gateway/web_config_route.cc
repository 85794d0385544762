#include "gateway/web_config_route.h"

#include <google/protobuf/struct.pb.h>

#include <utility>

#include "gateway/json_response.h"

namespace tgauth::gateway {
namespace {

HttpResponse ConfigResponse(const std::vector<std::string>& return_to_origins) {
  google::protobuf::Struct config;
  google::protobuf::ListValue* origins =
      (*config.mutable_fields())["returnToOrigins"].mutable_list_value();
  for (const std::string& origin : return_to_origins) {
    origins->add_values()->set_string_value(origin);
  }
  return ProtoJsonResponse(config);
}

}  // namespace

WebConfigRoute::WebConfigRoute(const std::vector<std::string>& return_to_origins)
    : response_(ConfigResponse(return_to_origins)) {}

void WebConfigRoute::Handle(const HttpRequest& /*request*/, Respond respond) const {
  respond(response_);
}

}  // namespace tgauth::gateway
