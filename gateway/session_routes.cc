#include "gateway/session_routes.h"

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/secure_token.h"
#include "common/uuid.h"
#include "gateway/bearer_token.h"
#include "gateway/json_body.h"
#include "gateway/json_response.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {
namespace {

constexpr absl::Duration kRpcTimeout = absl::Seconds(5);

// The refresh token of a refresh or logout body. Refresh tokens are
// NewToken()s, so anything else is refused here rather than by the server.
absl::StatusOr<std::string> RefreshTokenFromBody(absl::string_view body) {
  absl::StatusOr<JsonBody> json = JsonBody::Parse(body, R"({"refresh_token": "..."})");
  if (!json.ok()) return json.status();
  absl::StatusOr<std::string> token = json->RequiredString("refresh_token");
  if (token.ok() && !IsWellFormedToken(*token)) {
    return absl::InvalidArgumentError("refresh_token must be 43 characters of A-Z a-z 0-9 - _");
  }
  return token;
}

// The DELETE's session id, from the path.
absl::StatusOr<tgauth::v1::RevokeSessionRequest> RevokeRequest(const HttpRequest& request) {
  absl::string_view session_id = absl::string_view(request.path).substr(kSessionPathPrefix.size());
  if (!IsUuid(session_id)) {
    return absl::InvalidArgumentError(
        "session id must be a UUID such as 123e4567-e89b-12d3-a456-426614174000");
  }
  tgauth::v1::RevokeSessionRequest rpc;
  rpc.set_session_id(std::string(session_id));
  return rpc;
}

// Runs an RPC authenticated by the request's bearer access token, passed on
// as `authorization` metadata (auth.proto), and answers with its JSON. The
// credentials are checked before `rpc` (400 if it is an error), so a request
// without them always gets the 401 challenge.
template <typename Response, typename Request, typename Start>
void StartAuthenticatedRpc(const HttpRequest& http, absl::StatusOr<Request> rpc, Start start,
                           Respond respond) {
  std::variant<absl::string_view, HttpResponse> token =
      RequireBearerToken(http, "missing access token: send Authorization: Bearer <access_token>");
  if (auto* refusal = std::get_if<HttpResponse>(&token)) return respond(std::move(*refusal));
  if (!rpc.ok()) return respond(BadRequestResponse(rpc.status()));
  StartRpc<Response>(
      http, *std::move(rpc), kRpcTimeout,
      {{"authorization", absl::StrCat("Bearer ", std::get<absl::string_view>(token))}},
      std::move(start),
      [respond = std::move(respond)](const grpc::Status& status, const Response& response) {
        if (!status.ok()) return respond(WithInvalidTokenChallenge(ErrorResponse(status)));
        respond(ProtoJsonResponse(response));
      });
}

}  // namespace

void SessionRoutes::Refresh(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<std::string> refresh_token = RefreshTokenFromBody(request.body);
  if (!refresh_token.ok()) return respond(BadRequestResponse(refresh_token.status()));
  tgauth::v1::RefreshSessionRequest rpc;
  rpc.set_refresh_token(*std::move(refresh_token));
  // The server limits failed refreshes per client address.
  rpc.mutable_device()->set_ip_address(client_device_.ClientIp(request));
  StartRpc<tgauth::v1::RefreshSessionResponse>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->RefreshSession(std::forward<decltype(args)>(args)...);
      },
      ProtoJsonOrError(std::move(respond)));
}

void SessionRoutes::Logout(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<std::string> refresh_token = RefreshTokenFromBody(request.body);
  if (!refresh_token.ok()) return respond(BadRequestResponse(refresh_token.status()));
  tgauth::v1::RevokeSessionRequest rpc;
  rpc.set_refresh_token(*std::move(refresh_token));
  // The server limits unknown refresh tokens per client address.
  rpc.mutable_device()->set_ip_address(client_device_.ClientIp(request));
  StartRpc<tgauth::v1::RevokeSessionResponse>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->RevokeSession(std::forward<decltype(args)>(args)...);
      },
      ProtoJsonOrError(std::move(respond)));
}

void SessionRoutes::List(const HttpRequest& request, Respond respond) const {
  StartAuthenticatedRpc<tgauth::v1::ListSessionsResponse, tgauth::v1::ListSessionsRequest>(
      request, tgauth::v1::ListSessionsRequest(),
      [this](auto&&... args) {
        stub_.async()->ListSessions(std::forward<decltype(args)>(args)...);
      },
      std::move(respond));
}

void SessionRoutes::Revoke(const HttpRequest& request, Respond respond) const {
  StartAuthenticatedRpc<tgauth::v1::RevokeSessionResponse>(
      request, RevokeRequest(request),
      [this](auto&&... args) {
        stub_.async()->RevokeSession(std::forward<decltype(args)>(args)...);
      },
      std::move(respond));
}

void SessionRoutes::RevokeOthers(const HttpRequest& request, Respond respond) const {
  StartAuthenticatedRpc<tgauth::v1::RevokeOtherSessionsResponse,
                        tgauth::v1::RevokeOtherSessionsRequest>(
      request, tgauth::v1::RevokeOtherSessionsRequest(),
      [this](auto&&... args) {
        stub_.async()->RevokeOtherSessions(std::forward<decltype(args)>(args)...);
      },
      std::move(respond));
}

void SessionRoutes::Me(const HttpRequest& request, Respond respond) const {
  StartAuthenticatedRpc<tgauth::v1::GetMeResponse, tgauth::v1::GetMeRequest>(
      request, tgauth::v1::GetMeRequest(),
      [this](auto&&... args) { stub_.async()->GetMe(std::forward<decltype(args)>(args)...); },
      std::move(respond));
}

}  // namespace tgauth::gateway
