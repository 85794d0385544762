#include "gateway/well_known_routes.h"

#include <utility>

#include "gateway/json_response.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {
namespace {

constexpr absl::Duration kRpcTimeout = absl::Seconds(5);

// A `done` for StartRpc: the response with proto field names and public
// caching, or the error body (never cached).
auto CacheableJsonOrError(Respond respond) {
  return [respond = std::move(respond)](const grpc::Status& status,
                                        const google::protobuf::Message& response) {
    if (!status.ok()) return respond(ErrorResponse(status));
    HttpResponse ok = ProtoJsonResponse(response, JsonFieldNames::kProtoFieldName);
    ok.headers.emplace_back("Cache-Control", "public, max-age=300");
    respond(std::move(ok));
  };
}

}  // namespace

void WellKnownRoutes::Jwks(const HttpRequest& request, Respond respond) const {
  StartRpc<tgauth::v1::GetJwksResponse>(
      request, tgauth::v1::GetJwksRequest(), kRpcTimeout,
      [this](auto&&... args) { stub_.async()->GetJwks(std::forward<decltype(args)>(args)...); },
      CacheableJsonOrError(std::move(respond)));
}

void WellKnownRoutes::OpenIdConfiguration(const HttpRequest& request, Respond respond) const {
  StartRpc<tgauth::v1::OpenIdConfiguration>(
      request, tgauth::v1::GetOpenIdConfigurationRequest(), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->GetOpenIdConfiguration(std::forward<decltype(args)>(args)...);
      },
      CacheableJsonOrError(std::move(respond)));
}

}  // namespace tgauth::gateway
