// The gateway's REST surface without sockets: the request target's path
// and query (gateway/http_message.h, ParseRequestTarget), then the Router
// (gateway/router.h) and every route's reading of paths, queries, headers
// and JSON bodies. The routes call a real gRPC AuthService in process
// whose every method answers UNIMPLEMENTED, so the calls, deadlines and
// status mapping run too. Checks that every request is answered once,
// with a valid status, and that /v1 answers are never cacheable.
//
// Input: an HTTP request written out: "METHOD TARGET", header lines
// "name: value", an empty line, the body.
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/fake_clock.h"
#include "gateway/http_message.h"
#include "gateway/router.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/input_lines.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace {

using tgauth::fuzz::Require;
using tgauth::gateway::HttpRequest;
using tgauth::gateway::HttpResponse;

constexpr char kWebhookSecret[] = "test-webhook_secret-0123456789abcdef";

struct Fixture {
  Fixture() {
    grpc::EnableDefaultHealthCheckService(true);  // /readyz asks it.
    grpc::ServerBuilder builder;
    builder.RegisterService(&service);
    server = builder.BuildAndStart();
    std::shared_ptr<grpc::Channel> channel = server->InProcessChannel(grpc::ChannelArguments());
    stub = tgauth::v1::AuthService::NewStub(channel);
    health = grpc::health::v1::Health::NewStub(channel);
    router = std::make_unique<tgauth::gateway::Router>(
        *stub, *health,
        tgauth::gateway::RouterOptions{.webhook_secret = kWebhookSecret,
                                       .cors_allowed_origins = "https://app.example",
                                       .site_url = "https://login.example",
                                       .clock = &clock});
  }

  tgauth::v1::AuthService::CallbackService service;  // Every method: UNIMPLEMENTED.
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<tgauth::v1::AuthService::Stub> stub;
  std::unique_ptr<grpc::health::v1::Health::Stub> health;
  tgauth::FakeClock clock;
  std::unique_ptr<tgauth::gateway::Router> router;
};

Fixture& TheFixture() {
  static Fixture* fixture = new Fixture();
  return *fixture;
}

// The request written out in `input`; false when its target is one the
// HTTP reader refuses (400) before any route sees it.
bool ParseRequest(absl::string_view input, HttpRequest* request) {
  std::pair<absl::string_view, absl::string_view> head_body =
      absl::StrSplit(input, absl::MaxSplits("\n\n", 1));
  std::vector<absl::string_view> lines = absl::StrSplit(head_body.first, '\n');
  std::pair<std::string, std::string> request_line =
      absl::StrSplit(lines[0], absl::MaxSplits(' ', 1));
  if (!tgauth::gateway::ParseRequestTarget(request_line.second, request)) return false;
  request->method = std::move(request_line.first);
  for (size_t i = 1; i < lines.size(); ++i) {
    std::pair<std::string, std::string> field = absl::StrSplit(lines[i], absl::MaxSplits(':', 1));
    std::string& value = request->headers[absl::AsciiStrToLower(field.first)];
    if (!value.empty()) value += ", ";
    absl::StrAppend(&value, absl::StripLeadingAsciiWhitespace(field.second));
  }
  request->body = std::string(head_body.second);
  request->client_ip = "203.0.113.50";
  return true;
}

bool HasHeader(const HttpResponse& response, absl::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (absl::EqualsIgnoreCase(key, name)) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = TheFixture();
  HttpRequest request;
  if (!ParseRequest(tgauth::fuzz::AsText(data, size), &request)) return 0;
  // Past every rate-limit window of the previous input: each input starts
  // from the same state.
  f.clock.Advance(absl::Hours(1));
  const bool api = absl::StartsWith(request.path, "/v1/");

  struct Answer {
    absl::Notification done;
    std::atomic<int> calls{0};
    HttpResponse response;
  };
  auto answer = std::make_shared<Answer>();
  f.router->Handle(std::move(request), [answer](HttpResponse response) {
    Require(answer->calls.fetch_add(1) == 0, "a request is answered once");
    answer->response = std::move(response);
    answer->done.Notify();
  });
  Require(answer->done.WaitForNotificationWithTimeout(absl::Seconds(30)),
          "every request is answered");
  const HttpResponse& response = answer->response;
  Require(response.status >= 200 && response.status <= 599, "an answer has a valid status");
  if (response.status >= 400) {
    Require(response.content_type == "application/json", "an error answer is JSON");
  }
  if (api) Require(HasHeader(response, "Cache-Control"), "a /v1 answer says how to cache it");
  return 0;
}
