// The gateway end to end on loopback, shared by the route tests: real
// HttpServer and Router, a fake AuthService and OAuthService on a real port-0 gRPC server, a
// synchronous HTTP client.
#ifndef TGAUTH_TESTS_GATEWAY_GATEWAY_FIXTURE_H_
#define TGAUTH_TESTS_GATEWAY_GATEWAY_FIXTURE_H_

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gateway/gateway_token.h"
#include "gateway/http_server.h"
#include "gateway/router.h"
#include "tests/gateway/fake_auth_service.h"
#include "tests/gateway/fake_oauth_service.h"
#include "tests/gateway/http_test_client.h"
#include "tests/gateway/json_matchers.h"

namespace tgauth::gateway {

inline constexpr char kSecret[] = "test-webhook_secret-0123456789abcdef";
inline constexpr char kGatewayToken[] = "test-gateway-token-0123456789abcdefghij";
inline constexpr char kAllowedOrigin[] = "https://app.example";

using Headers = std::vector<std::pair<std::string, std::string>>;

template <typename Message>
Message FromText(const std::string& text) {
  Message message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message)) << text;
  return message;
}

MATCHER_P(EqualsProto, expected, "") {
  return google::protobuf::util::MessageDifferencer::Equals(arg, expected);
}

// The "code" of a JSON error body; -1 when there is none.
inline int ErrorCode(const TestResponse& response) {
  const google::protobuf::Value json = ParseJson(response.body);
  const auto& fields = json.struct_value().fields();
  auto it = fields.find("code");
  return it == fields.end() ? -1 : static_cast<int>(it->second.number_value());
}

// The "message" of a JSON error body; "" when there is none.
inline std::string ErrorMessage(const TestResponse& response) {
  const google::protobuf::Value json = ParseJson(response.body);
  const auto& fields = json.struct_value().fields();
  auto it = fields.find("message");
  return it == fields.end() ? std::string() : it->second.string_value();
}

class GatewayFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int grpc_port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &grpc_port);
    builder.RegisterService(&fake_);
    builder.RegisterService(&fake_oauth_);
    grpc::EnableDefaultHealthCheckService(true);  // Before the build: /readyz asks it.
    grpc_server_ = builder.BuildAndStart();
    ASSERT_NE(grpc_port, 0);
    // As main.cc builds it: every call carries the gateway token.
    std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(GatewayTokenInterceptor(kGatewayToken));
    std::shared_ptr<grpc::Channel> channel =
        grpc::experimental::CreateCustomChannelWithInterceptors(
            absl::StrCat("127.0.0.1:", grpc_port), grpc::InsecureChannelCredentials(),
            grpc::ChannelArguments(), std::move(interceptors));
    stub_ = tgauth::v1::AuthService::NewStub(channel);
    health_ = grpc::health::v1::Health::NewStub(channel);
    oauth_stub_ = tgauth::v1::OAuthService::NewStub(channel);
    StartGateway({.webhook_secret = kSecret, .cors_allowed_origins = kAllowedOrigin});
  }

  void TearDown() override {
    http_.reset();
    router_.reset();  // First: its stream of login changes would hold the server open.
    grpc_server_->Shutdown();
  }

  // (Re)starts the HTTP side with `options`.
  void StartGateway(RouterOptions options) {
    http_.reset();
    if (options.oauth_stub == nullptr) options.oauth_stub = oauth_stub_.get();
    router_ = std::make_unique<Router>(*stub_, *health_, std::move(options));
    auto server = HttpServer::Start("127.0.0.1:0",
                                    [router = router_.get()](HttpRequest request, Respond respond) {
                                      router->Handle(std::move(request), std::move(respond));
                                    });
    ASSERT_TRUE(server.ok()) << server.status();
    http_ = *std::move(server);
  }

  TestResponse Request(std::string method, std::string target, std::string body = {},
                       Headers headers = {}) {
    return Send(http_->port(), {.method = std::move(method),
                                .target = std::move(target),
                                .headers = std::move(headers),
                                .body = std::move(body)});
  }
  TestResponse Get(std::string target, Headers headers = {}) {
    return Request("GET", std::move(target), {}, std::move(headers));
  }
  TestResponse Post(std::string target, std::string body, Headers headers = {}) {
    return Request("POST", std::move(target), std::move(body), std::move(headers));
  }

  FakeAuthService fake_;
  FakeOAuthService fake_oauth_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<tgauth::v1::AuthService::Stub> stub_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  std::unique_ptr<tgauth::v1::OAuthService::Stub> oauth_stub_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_TESTS_GATEWAY_GATEWAY_FIXTURE_H_
