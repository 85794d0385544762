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
  using grpc::health::v1::HealthCheckResponse;
  StartRpc<HealthCheckResponse>(
      request, grpc::health::v1::HealthCheckRequest(), absl::Seconds(1),
      [this](auto&&... args) { stub_.async()->Check(std::forward<decltype(args)>(args)...); },
      [respond = std::move(respond)](const grpc::Status& status,
                                     const HealthCheckResponse& health) {
        HttpResponse answer =
            status.ok()
                ? StatusObject(health.status() == HealthCheckResponse::SERVING ? "ready"
                                                                               : "not serving")
                : ErrorResponse(status);
        if (!status.ok() || health.status() != HealthCheckResponse::SERVING) answer.status = 503;
        respond(std::move(answer));
      });
}

}  // namespace tgauth::gateway
