#include "gateway/health_routes.h"

#include <google/protobuf/struct.pb.h>

#include <utility>

#include "absl/strings/string_view.h"
#include "gateway/json_response.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {
namespace {

HttpResponse StatusObject(absl::string_view status) {
  google::protobuf::Struct body;
  (*body.mutable_fields())["status"].set_string_value(std::string(status));
  return ProtoJsonResponse(body);
}

}  // namespace

void HealthRoutes::Healthz(const HttpRequest& request, Respond respond) const {
  respond(StatusObject("ok"));
}

void HealthRoutes::Readyz(const HttpRequest& request, Respond respond) const {
  StartRpc<tgauth::v1::GetJwksResponse>(
      tgauth::v1::GetJwksRequest(), absl::Seconds(1),
      [this](auto&&... args) { stub_.async()->GetJwks(std::forward<decltype(args)>(args)...); },
      [respond = std::move(respond)](const grpc::Status& status, const auto&) {
        if (status.ok()) return respond(StatusObject("ready"));
        HttpResponse not_ready = ErrorResponse(status);
        not_ready.status = 503;
        respond(std::move(not_ready));
      });
}

}  // namespace tgauth::gateway
