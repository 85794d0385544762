#include "gateway/login_routes.h"

#include <arpa/inet.h>

#include <optional>
#include <utility>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/algorithm/container.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "gateway/json_response.h"
#include "gateway/rpc_call.h"
#include "gateway/string_view_compat.h"
#include "server/common/secure_token.h"

namespace tgauth::gateway {
namespace {

constexpr absl::Duration kCreateTimeout = absl::Seconds(5);
// AwaitLogin may legitimately take `wait` seconds; this is the slack on top.
constexpr absl::Duration kAwaitSlack = absl::Seconds(5);

// The optional "deviceName" of a create body; "" when the body is empty.
absl::StatusOr<std::string> DeviceNameFromBody(std::string_view body) {
  if (absl::StripAsciiWhitespace(ToAbsl(body)).empty()) return std::string();
  google::protobuf::Struct object;
  if (!google::protobuf::util::JsonStringToMessage(body, &object).ok()) {
    return absl::InvalidArgumentError(
        "body must be empty or a JSON object such as {\"deviceName\": \"Laptop\"}");
  }
  auto it = object.fields().find("deviceName");
  if (it == object.fields().end() || it->second.has_null_value()) return std::string();
  if (!it->second.has_string_value()) return absl::InvalidArgumentError("deviceName must be a string");
  return it->second.string_value();
}

// Header values are ASCII in practice (RFC 9110 section 5.5); anything else
// becomes '?' so the proto string stays valid UTF-8 and a cut at
// kMaxUserAgentBytes never splits a character.
std::string SanitizedUserAgent(std::string_view user_agent) {
  std::string out(user_agent.substr(0, kMaxUserAgentBytes));
  for (char& c : out) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return out;
}

bool IsIpAddress(const std::string& text) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool IsToken68Char(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '+' || c == '/' || c == '=';
}

// The credentials of "Authorization: Bearer <token68>" (RFC 6750 section
// 2.1; the scheme name is case-insensitive), or nullopt.
std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (!absl::StartsWithIgnoreCase(ToAbsl(authorization), ToAbsl(kScheme))) return std::nullopt;
  std::string_view token =
      ToStd(absl::StripLeadingAsciiWhitespace(ToAbsl(authorization.substr(kScheme.size()))));
  if (token.empty()) return std::nullopt;
  for (char c : token) {
    if (!IsToken68Char(c)) return std::nullopt;
  }
  return token;
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

HttpResponse MissingPollToken() {
  HttpResponse response = ErrorResponse(
      grpc::StatusCode::UNAUTHENTICATED, "missing poll token: send Authorization: Bearer <poll_token>");
  response.headers.emplace_back("WWW-Authenticate", "Bearer");  // RFC 6750 section 3.
  return response;
}

}  // namespace

std::string LoginRoutes::ClientIp(const HttpRequest& request) const {
  if (trust_forwarded_for_) {
    std::string_view forwarded = request.Header("x-forwarded-for");
    std::string first(absl::StripAsciiWhitespace(ToAbsl(forwarded.substr(0, forwarded.find(',')))));
    // A proxy that writes junk must not turn every login into a 400.
    if (IsIpAddress(first)) return first;
  }
  return request.client_ip;
}

void LoginRoutes::Create(const HttpRequest& request, Respond respond) const {
  absl::StatusOr<std::string> device_name = DeviceNameFromBody(request.body);
  if (!device_name.ok()) {
    respond(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT, std::string(device_name.status().message())));
    return;
  }
  tgauth::v1::CreateLoginRequest rpc;
  tgauth::v1::Device& device = *rpc.mutable_device();
  device.set_user_agent(SanitizedUserAgent(request.Header("user-agent")));
  device.set_ip_address(ClientIp(request));
  device.set_name(*std::move(device_name));
  StartRpc<tgauth::v1::CreateLoginResponse>(
      std::move(rpc), kCreateTimeout,
      [this](auto&&... args) { stub_.async()->CreateLogin(std::forward<decltype(args)>(args)...); },
      ProtoJsonOrError(std::move(respond)));
}

void LoginRoutes::Await(const HttpRequest& request, Respond respond) const {
  std::optional<std::string_view> poll_token = BearerToken(request.Header("authorization"));
  if (!poll_token) {
    respond(MissingPollToken());
    return;
  }
  std::optional<int> wait_seconds = WaitSeconds(request);
  if (!wait_seconds) {
    respond(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                          "wait must be a whole number of seconds from 0 to 30"));
    return;
  }
  std::string_view login_token = std::string_view(request.path).substr(kLoginPathPrefix.size());
  if (!IsWellFormedToken(std::string(login_token))) {
    respond(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                          "login token must be 43 characters of A-Z a-z 0-9 - _"));
    return;
  }
  tgauth::v1::AwaitLoginRequest rpc;
  rpc.set_login_token(std::string(login_token));
  rpc.set_poll_token(std::string(*poll_token));
  rpc.set_wait_seconds(*wait_seconds);
  StartRpc<tgauth::v1::AwaitLoginResponse>(
      std::move(rpc), absl::Seconds(*wait_seconds) + kAwaitSlack,
      [this](auto&&... args) { stub_.async()->AwaitLogin(std::forward<decltype(args)>(args)...); },
      ProtoJsonOrError(std::move(respond)));
}

}  // namespace tgauth::gateway
