#include "gateway/sign_in_routes.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "gateway/json_body.h"
#include "gateway/json_response.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {
namespace {

constexpr absl::Duration kRpcTimeout = absl::Seconds(5);
// 2^53 - 1: the largest integer every double (and JavaScript) holds exactly.
// Telegram's ids and dates stay below it.
constexpr double kMaxSafeInteger = 9007199254740991.0;

std::string QueryValue(const HttpRequest& request, const std::string& key) {
  auto it = request.query.find(key);
  return it == request.query.end() ? std::string() : it->second;
}

// The widget's fields as the text Telegram signed: strings as they are,
// integers in decimal without exponent or fraction. A number that is not an
// integer a double holds exactly cannot be what Telegram sent.
absl::Status CopyWidgetFields(const google::protobuf::Struct& object,
                              google::protobuf::Map<std::string, std::string>* fields) {
  if (object.fields().empty()) {
    return absl::InvalidArgumentError(
        "body must be the Login Widget's fields, e.g. {\"id\": 42, \"auth_date\": 1700000000, "
        "\"hash\": \"...\"}");
  }
  for (const auto& [key, value] : object.fields()) {
    if (value.has_string_value()) {
      (*fields)[key] = value.string_value();
      continue;
    }
    const double number = value.number_value();
    if (!value.has_number_value() || std::trunc(number) != number ||
        std::fabs(number) > kMaxSafeInteger) {
      return absl::InvalidArgumentError(absl::StrCat(
          "widget field \"", key, "\" must be a string or an integer of at most 2^53 - 1"));
    }
    (*fields)[key] = absl::StrCat(static_cast<int64_t>(number));
  }
  return absl::OkStatus();
}

absl::StatusOr<tgauth::v1::SignInWithWidgetRequest> WidgetRequest(
    const HttpRequest& request, const ClientDevice& client_device) {
  absl::StatusOr<JsonBody> body =
      JsonBody::Parse(request.body, R"({"id": 42, "auth_date": 1700000000, "hash": "..."})");
  if (!body.ok()) return body.status();
  tgauth::v1::SignInWithWidgetRequest rpc;
  if (absl::Status copied = CopyWidgetFields(body->object(), rpc.mutable_fields()); !copied.ok()) {
    return copied;
  }
  absl::StatusOr<tgauth::v1::Device> device = client_device.Describe(
      request, QueryValue(request, "device_name"), QueryValue(request, "time_zone"));
  if (!device.ok()) return device.status();
  *rpc.mutable_device() = *std::move(device);
  return rpc;
}

// The Device of a sign-in body's optional "device_name" and "time_zone".
absl::StatusOr<tgauth::v1::Device> DeviceFromBody(const HttpRequest& request, const JsonBody& body,
                                                  const ClientDevice& client_device) {
  absl::StatusOr<std::string> name = body.OptionalString("device_name");
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> time_zone = body.OptionalString("time_zone");
  if (!time_zone.ok()) return time_zone.status();
  return client_device.Describe(request, *std::move(name), *std::move(time_zone));
}

absl::StatusOr<tgauth::v1::SignInWithMiniAppRequest> MiniAppRequest(
    const HttpRequest& request, const ClientDevice& client_device) {
  absl::StatusOr<JsonBody> body = JsonBody::Parse(request.body, R"({"init_data": "query_id=..."})");
  if (!body.ok()) return body.status();
  absl::StatusOr<std::string> init_data = body->RequiredString("init_data");
  if (!init_data.ok()) return init_data.status();
  absl::StatusOr<tgauth::v1::Device> device = DeviceFromBody(request, *body, client_device);
  if (!device.ok()) return device.status();
  tgauth::v1::SignInWithMiniAppRequest rpc;
  rpc.set_init_data(*std::move(init_data));
  *rpc.mutable_device() = *std::move(device);
  return rpc;
}

// The body's login link "token". Login link tokens are NewToken()s, like
// every token tgauth hands out.
absl::StatusOr<std::string> LinkToken(const JsonBody& body) {
  absl::StatusOr<std::string> token = body.RequiredString("token");
  if (!token.ok()) return token.status();
  if (!IsWellFormedToken(*token)) {
    return absl::InvalidArgumentError("token must be 43 characters of A-Z a-z 0-9 - _");
  }
  return token;
}

absl::StatusOr<tgauth::v1::ExchangeLoginLinkRequest> ExchangeRequest(
    const HttpRequest& request, const ClientDevice& client_device) {
  absl::StatusOr<JsonBody> body = JsonBody::Parse(request.body, R"({"token": "..."})");
  if (!body.ok()) return body.status();
  absl::StatusOr<std::string> token = LinkToken(*body);
  if (!token.ok()) return token.status();
  absl::StatusOr<tgauth::v1::Device> device = DeviceFromBody(request, *body, client_device);
  if (!device.ok()) return device.status();
  tgauth::v1::ExchangeLoginLinkRequest rpc;
  rpc.set_token(*std::move(token));
  *rpc.mutable_device() = *std::move(device);
  return rpc;
}

absl::StatusOr<tgauth::v1::DescribeLoginLinkRequest> DescribeRequest(
    const HttpRequest& request, const ClientDevice& client_device) {
  absl::StatusOr<JsonBody> body = JsonBody::Parse(request.body, R"({"token": "..."})");
  if (!body.ok()) return body.status();
  absl::StatusOr<std::string> token = LinkToken(*body);
  if (!token.ok()) return token.status();
  tgauth::v1::DescribeLoginLinkRequest rpc;
  rpc.set_token(*std::move(token));
  // The server limits unknown links per client address.
  rpc.mutable_device()->set_ip_address(client_device.ClientIp(request));
  return rpc;
}

}  // namespace

auto SignInRoutes::SignedIn(const HttpRequest& request, Respond respond) const {
  return SessionJsonOrError<tgauth::v1::SignInResponse>(SessionCookie::Requested(request), cookie_,
                                                        std::move(respond));
}

void SignInRoutes::Widget(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<tgauth::v1::SignInWithWidgetRequest> rpc = WidgetRequest(request, client_device_);
  if (!rpc.ok()) return respond(BadRequestResponse(rpc.status()));
  StartRpc<tgauth::v1::SignInResponse>(
      request, *std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->SignInWithWidget(std::forward<decltype(args)>(args)...);
      },
      SignedIn(request, std::move(respond)));
}

void SignInRoutes::MiniApp(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<tgauth::v1::SignInWithMiniAppRequest> rpc =
      MiniAppRequest(request, client_device_);
  if (!rpc.ok()) return respond(BadRequestResponse(rpc.status()));
  StartRpc<tgauth::v1::SignInResponse>(
      request, *std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->SignInWithMiniApp(std::forward<decltype(args)>(args)...);
      },
      SignedIn(request, std::move(respond)));
}

void SignInRoutes::ExchangeLink(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<tgauth::v1::ExchangeLoginLinkRequest> rpc =
      ExchangeRequest(request, client_device_);
  if (!rpc.ok()) return respond(BadRequestResponse(rpc.status()));
  StartRpc<tgauth::v1::SignInResponse>(
      request, *std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->ExchangeLoginLink(std::forward<decltype(args)>(args)...);
      },
      SignedIn(request, std::move(respond)));
}

void SignInRoutes::DescribeLink(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<tgauth::v1::DescribeLoginLinkRequest> rpc =
      DescribeRequest(request, client_device_);
  if (!rpc.ok()) return respond(BadRequestResponse(rpc.status()));
  StartRpc<tgauth::v1::LoginLinkDescription>(
      request, *std::move(rpc), kRpcTimeout,
      [this](auto&&... args) {
        stub_.async()->DescribeLoginLink(std::forward<decltype(args)>(args)...);
      },
      ProtoJsonOrError(std::move(respond)));
}

}  // namespace tgauth::gateway
