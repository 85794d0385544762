#include "gateway/jwks_route.h"

#include <utility>

#include "gateway/json_response.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {

void JwksRoute::Handle(const HttpRequest& request, Respond respond) const {
  StartRpc<tgauth::v1::GetJwksResponse>(
      tgauth::v1::GetJwksRequest(), absl::Seconds(5),
      [this](auto&&... args) { stub_.async()->GetJwks(std::forward<decltype(args)>(args)...); },
      [respond = std::move(respond)](const grpc::Status& status,
                                     const tgauth::v1::GetJwksResponse& response) {
        if (!status.ok()) return respond(ErrorResponse(status));
        HttpResponse ok = ProtoJsonResponse(response, JsonFieldNames::kProtoFieldName);
        ok.headers.emplace_back("Cache-Control", "public, max-age=300");
        respond(std::move(ok));
      });
}

}  // namespace tgauth::gateway
