// An RPC made for the holder of an access token: the request's bearer
// token (RFC 6750 section 2.1) passed on as `authorization` metadata
// (auth.proto), answered with the response's JSON.
#ifndef TGAUTH_GATEWAY_AUTHENTICATED_RPC_H_
#define TGAUTH_GATEWAY_AUTHENTICATED_RPC_H_

#include <string>
#include <utility>
#include <variant>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gateway/bearer_token.h"
#include "gateway/json_response.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {

// Runs `start` (as StartRpc's) with `rpc` and the request's bearer access
// token, deadline `timeout`, and answers 200 with the response as
// proto3 JSON. The credentials are checked before `rpc`: a request without
// them gets the 401 challenge (RequireBearerToken), then an error `rpc` is
// 400. A 401 from the server carries error="invalid_token".
template <typename Response, typename Request, typename Start>
void StartAuthenticatedRpc(const HttpRequest& http, absl::StatusOr<Request> rpc,
                           absl::Duration timeout, Start start, Respond respond) {
  std::variant<absl::string_view, HttpResponse> token =
      RequireBearerToken(http, "missing access token: send Authorization: Bearer <access_token>");
  if (auto* refusal = std::get_if<HttpResponse>(&token)) return respond(std::move(*refusal));
  if (!rpc.ok()) return respond(BadRequestResponse(rpc.status()));
  StartRpc<Response>(
      http, *std::move(rpc), timeout,
      {{"authorization", absl::StrCat("Bearer ", std::get<absl::string_view>(token))}},
      std::move(start),
      [respond = std::move(respond)](const grpc::Status& status, const Response& response) {
        if (!status.ok()) return respond(WithInvalidTokenChallenge(ErrorResponse(status)));
        respond(ProtoJsonResponse(response));
      });
}

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_AUTHENTICATED_RPC_H_
