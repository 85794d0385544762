// Who may state what over a real in-process gRPC server (port 0): Telegram
// updates need the webhook secret, and the device facts of CreateLogin and
// the sign-ins are the caller's own unless it presents the gateway token.
#include "server/rpc/call_origin.h"

#include <grpcpp/grpcpp.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/rpc/in_process_auth_service.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using testing::kTestGatewayToken;
using testing::kTestWebhookSecret;
using ::testing::StartsWith;

TEST(PeerIpAddressTest, IpAddressesAreTakenFromGrpcsPeerString) {
  EXPECT_EQ(PeerIpAddress("ipv4:198.51.100.7:5678"), "198.51.100.7");
  EXPECT_EQ(PeerIpAddress("ipv6:[2001:db8::1]:5678"), "2001:db8::1");
  EXPECT_EQ(PeerIpAddress("ipv6:%5B::1%5D:5678"), "::1");
  EXPECT_EQ(PeerIpAddress("unix:/run/tgauth.sock"), "");
  EXPECT_EQ(PeerIpAddress("ipv6:::1"), "");
  EXPECT_EQ(PeerIpAddress(""), "");
}

LoginOptions OneLoginPerAddress() {
  LoginOptions options = testing::TestLoginOptions();
  options.logins_per_ip_per_minute = 1;
  return options;
}

class CallOriginTest : public ::testing::Test {
 protected:
  // CreateLogin claiming `ip_address`; with `token` as the gateway token
  // unless it is empty.
  grpc::Status CreateLogin(const std::string& ip_address, const std::string& token,
                           v1::CreateLoginResponse* response) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("x-tgauth-gateway-token", token);
    v1::CreateLoginRequest request;
    request.mutable_device()->set_ip_address(ip_address);
    request.mutable_device()->set_user_agent("Mozilla/5.0 (claimed)");
    request.mutable_device()->set_time_zone("Europe/Berlin");
    return server_.stub().CreateLogin(&context, request, response);
  }

  storage::DeviceInfo DeviceOf(const v1::CreateLoginResponse& login) {
    return h_.logins.Get(LoginBroker::LoginKey(login.login_token()))->device;
  }

  testing::LoginTestHarness h_{OneLoginPerAddress()};
  testing::InProcessAuthService server_{h_};
};

TEST_F(CallOriginTest, UntrustedCallerIsRecordedAndLimitedByItsOwnAddress) {
  v1::CreateLoginResponse login;
  ASSERT_TRUE(CreateLogin("203.0.113.9", "", &login).ok());
  const storage::DeviceInfo device = DeviceOf(login);
  EXPECT_EQ(device.ip_address, "127.0.0.1");
  EXPECT_THAT(device.user_agent, StartsWith("grpc-c++/"));  // The channel's own.
  EXPECT_EQ(device.time_zone, "Europe/Berlin");             // Not a fact about the caller.

  // Another claimed address does not earn another login: the limit is 127.0.0.1's.
  v1::CreateLoginResponse second;
  EXPECT_EQ(CreateLogin("203.0.113.10", "", &second).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(CallOriginTest, GatewayIsBelievedAboutTheBrowsersAddressAndUserAgent) {
  for (const std::string ip : {"203.0.113.9", "203.0.113.10"}) {
    v1::CreateLoginResponse login;
    ASSERT_TRUE(CreateLogin(ip, kTestGatewayToken, &login).ok()) << ip;
    EXPECT_EQ(DeviceOf(login).ip_address, ip);
    EXPECT_EQ(DeviceOf(login).user_agent, "Mozilla/5.0 (claimed)");
  }
  v1::CreateLoginResponse third;
  EXPECT_EQ(CreateLogin("203.0.113.9", kTestGatewayToken, &third).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(CallOriginTest, WrongGatewayTokenIsUnauthenticatedAndCreatesNothing) {
  v1::CreateLoginResponse login;
  grpc::Status status =
      CreateLogin("203.0.113.9", "not-the-gateway-token-but-as-long-as-it", &login);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), "x-tgauth-gateway-token is not the gateway token");
  // 127.0.0.1's one login is still there to take.
  EXPECT_TRUE(CreateLogin("203.0.113.9", "", &login).ok());
}

class NoGatewayTokenTest : public CallOriginTest {
 protected:
  testing::InProcessAuthService no_token_server_{h_, nullptr, {}, ""};
};

TEST_F(NoGatewayTokenTest, ServerWithoutAGatewayTokenIgnoresAPresentedOne) {
  grpc::ClientContext context;
  context.AddMetadata("x-tgauth-gateway-token", kTestGatewayToken);
  v1::CreateLoginRequest request;
  request.mutable_device()->set_ip_address("203.0.113.9");
  v1::CreateLoginResponse login;
  grpc::Status status = no_token_server_.stub().CreateLogin(&context, request, &login);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(DeviceOf(login).ip_address, "127.0.0.1");  // Not the gateway: its own address.
}

class TelegramWebhookAuthTest : public CallOriginTest {
 protected:
  grpc::Status Deliver(const std::string& secret, int64_t update_id) {
    grpc::ClientContext context;
    if (!secret.empty()) context.AddMetadata("x-telegram-bot-api-secret-token", secret);
    v1::HandleTelegramUpdateRequest request;
    v1::TelegramUpdate& update = *request.mutable_update();
    update.set_update_id(update_id);
    update.mutable_message()->set_message_id(1);
    update.mutable_message()->set_text("/start web_auth");
    update.mutable_message()->mutable_chat()->set_id(100000001);
    update.mutable_message()->mutable_chat()->set_type("private");
    update.mutable_message()->mutable_from()->set_id(100000001);
    v1::HandleTelegramUpdateResponse response;
    return server_.stub().HandleTelegramUpdate(&context, request, &response);
  }
};

TEST_F(TelegramWebhookAuthTest, UpdateWithoutTheWebhookSecretIsUnauthenticatedAndNotRecorded) {
  grpc::Status missing = Deliver("", 501);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(missing.error_message(),
              HasSubstr("missing metadata x-telegram-bot-api-secret-token"));
  grpc::Status wrong = Deliver("a-wrong-secret-of-the-right-shape-0123456789", 501);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), "x-telegram-bot-api-secret-token is not the webhook secret");
  // The update_id was not marked: Telegram's own delivery is still processed.
  EXPECT_EQ(server_.ledger().Claim(501, absl::Seconds(30))->claim, storage::UpdateClaim::kClaimed);
}

TEST_F(TelegramWebhookAuthTest, UpdateWithTheWebhookSecretIsHandled) {
  EXPECT_TRUE(Deliver(kTestWebhookSecret, 502).ok());
  EXPECT_NE(server_.ledger().Claim(502, absl::Seconds(30))->claim, storage::UpdateClaim::kClaimed);
}

}  // namespace
}  // namespace tgauth
