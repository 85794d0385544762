#include "gateway/login_routes.h"

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "absl/algorithm/container.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "common/secure_token.h"
#include "gateway/bearer_token.h"
#include "gateway/json_body.h"
#include "gateway/json_response.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {
namespace {

constexpr absl::Duration kCreateTimeout = absl::Seconds(5);

absl::StatusOr<tgauth::v1::CreateLoginRequest> CreateRequest(const HttpRequest& request,
                                                             const ClientDevice& client_device) {
  absl::StatusOr<JsonBody> body =
      JsonBody::Parse(request.body,
                      R"({"device_name": "Laptop", "time_zone": "Europe/Berlin",)"
                      R"( "authorization": "<handle from /oauth2/authorize>"})",
                      /*empty_is_object=*/true);
  if (!body.ok()) return body.status();
  absl::StatusOr<std::string> name = body->OptionalString("device_name");
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> time_zone = body->OptionalString("time_zone");
  if (!time_zone.ok()) return time_zone.status();
  absl::StatusOr<tgauth::v1::Device> device =
      client_device.Describe(request, *std::move(name), *std::move(time_zone));
  if (!device.ok()) return device.status();
  absl::StatusOr<std::string> authorization = body->OptionalString("authorization");
  if (!authorization.ok()) return authorization.status();
  tgauth::v1::CreateLoginRequest rpc;
  *rpc.mutable_device() = *std::move(device);
  rpc.set_authorization(*std::move(authorization));
  return rpc;
}

// `wait` from the query: absent means 0; otherwise digits only, 0..30.
std::optional<int> WaitSeconds(const HttpRequest& request) {
  auto it = request.query.find("wait");
  if (it == request.query.end()) return 0;
  const std::string& text = it->second;
  int seconds = 0;
  if (text.empty() || text.size() > 2 || !absl::c_all_of(text, absl::ascii_isdigit) ||
      !absl::SimpleAtoi(text, &seconds) || seconds > kMaxWaitSeconds) {
    return std::nullopt;
  }
  return seconds;
}

// `known_state` from the query: absent means UNSPECIFIED (the server reads
// it as PENDING); otherwise a LoginState name as AwaitLogin's JSON prints it.
std::optional<tgauth::v1::LoginState> KnownState(const HttpRequest& request) {
  auto it = request.query.find("known_state");
  if (it == request.query.end()) return tgauth::v1::LOGIN_STATE_UNSPECIFIED;
  tgauth::v1::LoginState state;
  if (!tgauth::v1::LoginState_Parse(it->second, &state)) return std::nullopt;
  return state;
}

}  // namespace

void LoginRoutes::Create(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<tgauth::v1::CreateLoginRequest> rpc = CreateRequest(request, client_device_);
  if (!rpc.ok()) return respond(BadRequestResponse(rpc.status()));
  StartRpc<tgauth::v1::CreateLoginResponse>(
      request, *std::move(rpc), kCreateTimeout,
      [this](auto&&... args) { stub_.async()->CreateLogin(std::forward<decltype(args)>(args)...); },
      ProtoJsonOrError(std::move(respond)));
}

void LoginRoutes::Await(const HttpRequest& request, Respond respond) const {
  std::variant<absl::string_view, HttpResponse> poll_token =
      RequireBearerToken(request, "missing poll token: send Authorization: Bearer <poll_token>");
  if (auto* refusal = std::get_if<HttpResponse>(&poll_token)) return respond(std::move(*refusal));
  std::optional<int> wait_seconds = WaitSeconds(request);
  if (!wait_seconds) {
    return respond(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                                 "wait must be a whole number of seconds from 0 to 30"));
  }
  std::optional<tgauth::v1::LoginState> known_state = KnownState(request);
  if (!known_state) {
    return respond(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                                 "known_state must be a login state such as LOGIN_STATE_SCANNED"));
  }
  absl::string_view login_token = absl::string_view(request.path).substr(kLoginPathPrefix.size());
  if (!IsWellFormedToken(std::string(login_token))) {
    return respond(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                                 "login token must be 43 characters of A-Z a-z 0-9 - _"));
  }
  tgauth::v1::AwaitLoginRequest rpc;
  rpc.set_login_token(std::string(login_token));
  rpc.set_poll_token(std::string(std::get<absl::string_view>(poll_token)));
  rpc.set_wait_seconds(*wait_seconds);
  rpc.set_known_state(*known_state);
  auto done = SessionJsonOrError<tgauth::v1::AwaitLoginResponse>(SessionCookie::Requested(request),
                                                                 cookie_, std::move(respond));
  if (*wait_seconds > 0) return StartLoginPoll(request, std::move(rpc), polls_, std::move(done));
  StartRpc<tgauth::v1::AwaitLoginResponse>(
      request, std::move(rpc), kAwaitSlack,
      [this](auto&&... args) { polls_.stub.async()->AwaitLogin(std::forward<decltype(args)>(args)...); },
      std::move(done));
}

}  // namespace tgauth::gateway
