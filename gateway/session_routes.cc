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
#include "gateway/authenticated_rpc.h"
#include "gateway/bearer_token.h"
#include "gateway/cookie_csrf_check.h"
#include "gateway/json_body.h"
#include "gateway/json_response.h"
#include "gateway/rpc_call.h"
#include "gateway/session_cookie.h"

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

// The refresh token a refresh or logout acts on: the body's, or, when the
// body names none, the session cookie's after the CSRF check. A request
// with neither the opt-in header nor the cookie is read as it always was.
// INVALID_ARGUMENT for a bad body; PERMISSION_DENIED as CookieCsrfCheck;
// UNAUTHENTICATED when the cookie is absent or malformed.
absl::StatusOr<std::string> PresentedRefreshToken(const HttpRequest& request,
                                                  const SessionCookie& cookie,
                                                  const CookieCsrfCheck& csrf) {
  const absl::string_view stored = cookie.Read(request);
  if (!SessionCookie::Requested(request) && stored.empty()) {
    return RefreshTokenFromBody(request.body);
  }
  absl::StatusOr<JsonBody> json =
      JsonBody::Parse(request.body, R"({"refresh_token": "..."})", /*empty_is_object=*/true);
  if (!json.ok()) return json.status();
  absl::StatusOr<std::string> token = json->OptionalString("refresh_token");
  if (!token.ok() || !token->empty()) return RefreshTokenFromBody(request.body);
  if (absl::Status allowed = csrf.Check(request); !allowed.ok()) return allowed;
  if (stored.empty()) return absl::UnauthenticatedError("no session cookie; sign in again");
  if (!IsWellFormedToken(stored)) {
    return absl::UnauthenticatedError("the session cookie is malformed; sign in again");
  }
  return std::string(stored);
}

// The error body of a refusal before any RPC (`refusal` is not OK).
HttpResponse RefusalResponse(const absl::Status& refusal) {
  return ErrorResponse(static_cast<grpc::StatusCode>(refusal.code()), refusal.message());
}

// `respond`, adding the cookie's deletion to each answer `clears` (by status).
template <typename Clears>
Respond ClearingCookie(Respond respond, const SessionCookie& cookie, Clears clears) {
  return [respond = std::move(respond), &cookie, clears](HttpResponse response) {
    if (clears(response.status)) response.headers.push_back(cookie.Clear());
    respond(std::move(response));
  };
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

}  // namespace

void SessionRoutes::Refresh(const HttpRequest& request, Respond respond) const {
  const bool cookie_mode = SessionCookie::Requested(request);
  // A refusal for good ends the session: its cookie goes too.
  if (cookie_mode) {
    respond = ClearingCookie(std::move(respond), cookie_, [](int status) { return status == 401; });
  }
  absl::StatusOr<std::string> refresh_token = PresentedRefreshToken(request, cookie_, csrf_);
  if (!refresh_token.ok()) return respond(RefusalResponse(refresh_token.status()));
  tgauth::v1::RefreshSessionRequest rpc;
  rpc.set_refresh_token(*std::move(refresh_token));
  // The server limits failed refreshes per client address.
  rpc.mutable_device()->set_ip_address(client_device_.ClientIp(request));
  StartRpc<tgauth::v1::RefreshSessionResponse>(
      request, std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->RefreshSession(std::forward<decltype(args)>(args)...);
      },
      SessionJsonOrError<tgauth::v1::RefreshSessionResponse>(cookie_mode, cookie_,
                                                             std::move(respond)));
}

void SessionRoutes::Logout(const HttpRequest& request, Respond respond) const {
  const bool cookie_mode = SessionCookie::Requested(request);
  if (cookie_mode) {
    // Signed out whatever the server says, except when the CSRF check
    // refused (nothing changes then) or the request was malformed.
    respond = ClearingCookie(std::move(respond), cookie_,
                             [](int status) { return status != 403 && status != 400; });
  }
  absl::StatusOr<std::string> refresh_token = PresentedRefreshToken(request, cookie_, csrf_);
  if (cookie_mode && absl::IsUnauthenticated(refresh_token.status())) {
    return respond(HttpResponse{.content_type = "application/json", .body = "{}"});  // No cookie.
  }
  if (!refresh_token.ok()) return respond(RefusalResponse(refresh_token.status()));
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
      request, tgauth::v1::ListSessionsRequest(), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->ListSessions(std::forward<decltype(args)>(args)...);
      },
      std::move(respond));
}

void SessionRoutes::Revoke(const HttpRequest& request, Respond respond) const {
  StartAuthenticatedRpc<tgauth::v1::RevokeSessionResponse>(
      request, RevokeRequest(request), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->RevokeSession(std::forward<decltype(args)>(args)...);
      },
      std::move(respond));
}

void SessionRoutes::RevokeOthers(const HttpRequest& request, Respond respond) const {
  StartAuthenticatedRpc<tgauth::v1::RevokeOtherSessionsResponse,
                        tgauth::v1::RevokeOtherSessionsRequest>(
      request, tgauth::v1::RevokeOtherSessionsRequest(), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->RevokeOtherSessions(std::forward<decltype(args)>(args)...);
      },
      std::move(respond));
}

void SessionRoutes::Me(const HttpRequest& request, Respond respond) const {
  StartAuthenticatedRpc<tgauth::v1::GetMeResponse, tgauth::v1::GetMeRequest>(
      request, tgauth::v1::GetMeRequest(), kRpcTimeout,
      [this](auto&&... args) { stub_.async()->GetMe(std::forward<decltype(args)>(args)...); },
      std::move(respond));
}

}  // namespace tgauth::gateway
