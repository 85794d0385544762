// SignInWithWidget, SignInWithMiniApp, ExchangeLoginLink and AdminService
// over a real in-process gRPC server (port 0) on the in-memory stores.
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/auth_service.h"
#include "server/rpc/executor.h"
#include "storage/memory/in_memory_oauth_client_store.h"
#include "storage/memory/in_memory_update_ledger.h"
#include "storage/memory/in_memory_user_admin_store.h"
#include "storage/memory/in_memory_webhook_delivery_store.h"
#include "tests/server/rpc/in_process_auth_service.h"
#include "tests/server/signin/sign_in_test_harness.h"

namespace tgauth {
namespace {

using testing::Ada;
using ::testing::HasSubstr;
using testing::kTestBotToken;
using testing::UnixSeconds;

constexpr char kAdminToken[] = "adm1n-t0ken-that-is-long-enough-for-the-check";

class SignInServiceTest : public ::testing::Test {
 protected:
  // The deployment's admin credential; a fixture without one overrides it.
  virtual OperatorCredentials Credentials() {
    OperatorCredentials credentials;
    EXPECT_TRUE(credentials.AddToken(kAdminTokenOperator, kAdminToken).ok());
    return credentials;
  }

  void SetUp() override {
    credentials_ = Credentials();
    server_ = std::make_unique<testing::InProcessAuthService>(h_.qr, h_.sign_in.get(),
                                                              std::vector<grpc::Service*>{&admin_});
    stub_ = &server_->stub();
    admin_stub_ = v1::AdminService::NewStub(server_->channel());
  }

  v1::Device Laptop() {
    v1::Device device;
    device.set_user_agent("Mozilla/5.0 (X11; Linux) Firefox/128");
    device.set_ip_address("198.51.100.7");
    return device;
  }

  grpc::Status CreateCode(const std::string& token, v1::InviteCode* code) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", token);
    v1::CreateInviteCodeRequest request;
    request.set_subscription_tier("Premium");
    request.set_subscription_days(30);
    request.set_max_uses(1);
    return admin_stub_->CreateInviteCode(&context, request, code);
  }

  testing::SignInTestHarness h_;
  Executor executor_{2};  // AdminService's.
  OperatorCredentials credentials_;
  storage::InMemoryUserAdminStore user_admin_store_{h_.qr.users, h_.qr.sessions, h_.invite_store};
  UserAdministration users_{h_.qr.users, user_admin_store_, h_.qr.sessions, h_.qr.clock};
  storage::InMemoryWebhookDeliveryStore deliveries_;
  WebhookDeadLetters dead_letters_{deliveries_, h_.qr.clock, nullptr};
  storage::InMemoryOAuthClientStore oauth_client_store_;
  OAuthClientAdministration oauth_clients_{oauth_client_store_, h_.qr.clock};
  AdminServiceImpl admin_{AdminServiceDeps{.invites = *h_.invites,
                                           .users = users_,
                                           .logins = *h_.qr.broker,
                                           .dead_letters = dead_letters_,
                                           .oauth_clients = oauth_clients_,
                                           .oauth_client_store = oauth_client_store_,
                                           .credentials = credentials_,
                                           .executor = executor_,
                                           .clock = h_.qr.clock}};
  std::unique_ptr<testing::InProcessAuthService> server_;  // After admin_: serves it.
  v1::AuthService::Stub* stub_ = nullptr;
  std::unique_ptr<v1::AdminService::Stub> admin_stub_;
};

TEST_F(SignInServiceTest, WidgetSignInReturnsTheUserAndASession) {
  v1::SignInWithWidgetRequest request;
  for (const auto& [name, value] :
       testing::SignWidget({{"id", "100000001"},
                            {"first_name", "Ada"},
                            {"auth_date", UnixSeconds(h_.qr.clock.Now())}},
                           kTestBotToken)) {
    (*request.mutable_fields())[name] = value;
  }
  *request.mutable_device() = Laptop();
  grpc::ClientContext context;
  context.AddMetadata("x-tgauth-gateway-token", testing::kTestGatewayToken);
  v1::SignInResponse response;
  grpc::Status status = stub_->SignInWithWidget(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.user().telegram_id(), 100000001);
  EXPECT_EQ(response.user().first_name(), "Ada");
  EXPECT_FALSE(response.user().id().empty());
  EXPECT_TRUE(response.user().has_created_at());
  EXPECT_EQ(response.session().token_type(), "Bearer");
  EXPECT_EQ(response.session().expires_in(), 15 * 60);
  EXPECT_EQ(h_.ClaimsOf(response.session().access_token()).session_id,
            response.session().session_id());
  EXPECT_EQ(h_.SessionsOf(response.user().id())[0].device.user_agent, Laptop().user_agent());
  EXPECT_EQ(h_.SessionsOf(response.user().id())[0].device.ip_address, Laptop().ip_address());
}

TEST_F(SignInServiceTest, SignInsWithoutTheGatewayTokenRecordTheConnectionsAddress) {
  v1::SignInWithWidgetRequest widget;
  for (const auto& [name, value] :
       testing::SignWidget({{"id", "100000001"},
                            {"first_name", "Ada"},
                            {"auth_date", UnixSeconds(h_.qr.clock.Now())}},
                           kTestBotToken)) {
    (*widget.mutable_fields())[name] = value;
  }
  *widget.mutable_device() = Laptop();
  v1::SignInWithMiniAppRequest mini_app;
  mini_app.set_init_data(
      testing::SignMiniAppHmac({{"user", testing::WebAppUserJson(100000001, "Ada")},
                                {"auth_date", UnixSeconds(h_.qr.clock.Now())}},
                               kTestBotToken));
  *mini_app.mutable_device() = Laptop();
  v1::ExchangeLoginLinkRequest link;
  link.set_token(std::string(absl::StripPrefix(
      *h_.links->Create(Ada()), "https://example.com/auth/telegram/callback?token=")));
  *link.mutable_device() = Laptop();

  v1::SignInResponse response;
  grpc::ClientContext c1, c2, c3;
  ASSERT_TRUE(stub_->SignInWithWidget(&c1, widget, &response).ok());
  ASSERT_TRUE(stub_->SignInWithMiniApp(&c2, mini_app, &response).ok());
  ASSERT_TRUE(stub_->ExchangeLoginLink(&c3, link, &response).ok());
  const auto sessions = h_.SessionsOf(response.user().id());
  ASSERT_EQ(sessions.size(), 3u);
  for (const auto& session : sessions) {
    EXPECT_EQ(session.device.ip_address, "127.0.0.1") << session.sign_in_method;
    EXPECT_NE(session.device.user_agent, Laptop().user_agent()) << session.sign_in_method;
  }
}

TEST_F(SignInServiceTest, ReplayedWidgetDataIsUnauthenticated) {
  v1::SignInWithWidgetRequest request;
  for (const auto& [name, value] :
       testing::SignWidget({{"id", "100000001"},
                            {"first_name", "Ada"},
                            {"auth_date", UnixSeconds(h_.qr.clock.Now())}},
                           kTestBotToken)) {
    (*request.mutable_fields())[name] = value;
  }
  v1::SignInResponse response;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->SignInWithWidget(&context, request, &response).ok());
  }
  grpc::ClientContext context;
  grpc::Status replay = stub_->SignInWithWidget(&context, request, &response);
  EXPECT_EQ(replay.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(replay.error_message(), HasSubstr("this sign-in data was already used"));
  EXPECT_EQ(h_.SessionsOf(response.user().id()).size(), 1u);
}

TEST_F(SignInServiceTest, WidgetDataWithABadHashIsUnauthenticated) {
  v1::SignInWithWidgetRequest request;
  (*request.mutable_fields())["id"] = "100000001";
  (*request.mutable_fields())["first_name"] = "Ada";
  (*request.mutable_fields())["auth_date"] = UnixSeconds(h_.qr.clock.Now());
  (*request.mutable_fields())["hash"] = std::string(64, '0');
  grpc::ClientContext context;
  v1::SignInResponse response;
  grpc::Status status = stub_->SignInWithWidget(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("fields.hash does not match"));
}

TEST_F(SignInServiceTest, MiniAppSignInReturnsTheUserAndASession) {
  v1::SignInWithMiniAppRequest request;
  request.set_init_data(
      testing::SignMiniAppHmac({{"user", testing::WebAppUserJson(100000001, "Ada")},
                                {"auth_date", UnixSeconds(h_.qr.clock.Now())}},
                               kTestBotToken));
  grpc::ClientContext context;
  v1::SignInResponse response;
  grpc::Status status = stub_->SignInWithMiniApp(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.user().telegram_id(), 100000001);
  EXPECT_EQ(h_.SessionsOf(response.user().id())[0].sign_in_method, "mini_app");
}

TEST_F(SignInServiceTest, LoginLinkIsExchangedOnce) {
  const std::string url = *h_.links->Create(Ada());
  v1::ExchangeLoginLinkRequest request;
  request.set_token(
      std::string(absl::StripPrefix(url, "https://example.com/auth/telegram/callback?token=")));
  v1::SignInResponse response;
  {
    grpc::ClientContext context;
    grpc::Status status = stub_->ExchangeLoginLink(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.user().username(), Ada().username);
  }
  grpc::ClientContext context;
  grpc::Status again = stub_->ExchangeLoginLink(&context, request, &response);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(again.error_message(), HasSubstr("login link is unknown, used or expired"));
}

TEST_F(SignInServiceTest, DescribeShowsWhoseLinkItIsWithoutUsingItUp) {
  const std::string url = *h_.links->Create(Ada());
  const std::string token(
      absl::StripPrefix(url, "https://example.com/auth/telegram/callback?token="));
  v1::DescribeLoginLinkRequest describe;
  describe.set_token(token);
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext context;
    v1::LoginLinkDescription description;
    grpc::Status status = stub_->DescribeLoginLink(&context, describe, &description);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(description.first_name(), Ada().first_name);
    EXPECT_EQ(description.last_name(), Ada().last_name);
    EXPECT_EQ(description.username(), Ada().username);
    EXPECT_EQ(description.photo_url(), Ada().photo_url);
    EXPECT_GT(description.expires_at().seconds(), 0);
  }
  v1::ExchangeLoginLinkRequest exchange;
  exchange.set_token(token);
  v1::SignInResponse response;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ExchangeLoginLink(&context, exchange, &response).ok());
  }
  grpc::ClientContext context;
  v1::LoginLinkDescription description;
  EXPECT_EQ(stub_->DescribeLoginLink(&context, describe, &description).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(SignInServiceTest, DescribeOfUnknownOrMalformedLinkIsRefused) {
  v1::DescribeLoginLinkRequest request;
  v1::LoginLinkDescription description;
  request.set_token(std::string(43, 'A'));
  {
    grpc::ClientContext context;
    EXPECT_EQ(stub_->DescribeLoginLink(&context, request, &description).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  request.set_token("not a token");
  grpc::ClientContext context;
  EXPECT_EQ(stub_->DescribeLoginLink(&context, request, &description).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SignInServiceTest, MalformedLinkTokenIsInvalidArgument) {
  v1::ExchangeLoginLinkRequest request;
  request.set_token("not a token");
  grpc::ClientContext context;
  v1::SignInResponse response;
  EXPECT_EQ(stub_->ExchangeLoginLink(&context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SignInServiceTest, AdminCreatesACodeThatIsListedOnlyByItsHint) {
  v1::InviteCode created;
  grpc::Status status = CreateCode(absl::StrCat("Bearer ", kAdminToken), &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.code().size(), 16u);
  EXPECT_EQ(created.subscription_tier(), "Premium");
  EXPECT_EQ(created.uses(), 0);

  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("bearer ", kAdminToken));
  v1::ListInviteCodesResponse listed;
  ASSERT_TRUE(admin_stub_->ListInviteCodes(&context, {}, &listed).ok());
  ASSERT_EQ(listed.codes_size(), 1);
  EXPECT_EQ(listed.codes(0).code(), created.code().substr(0, 4) + "…");
  EXPECT_EQ(listed.codes(0).subscription_days(), 30);
}

TEST_F(SignInServiceTest, AdminCallsWithoutTheAdminTokenAreRefused) {
  v1::InviteCode code;
  grpc::Status missing = CreateCode("", &code);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(missing.error_message(), HasSubstr("authorization: Bearer <operator token>"));
  grpc::Status wrong = CreateCode("Bearer not-the-admin-token-but-just-as-long-as-it", &code);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), "operator token is not valid");
  grpc::Status basic = CreateCode(absl::StrCat("Basic ", kAdminToken), &code);
  EXPECT_EQ(basic.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(h_.invites->List()->empty());
}

class SignInServiceWithoutAdminTokenTest : public SignInServiceTest {
 protected:
  OperatorCredentials Credentials() override { return OperatorCredentials(); }
};

TEST_F(SignInServiceWithoutAdminTokenTest, AdminApiIsDisabled) {
  v1::InviteCode code;
  grpc::Status status = CreateCode(absl::StrCat("Bearer ", kAdminToken), &code);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(),
            "admin API disabled: set --operator_credentials_file or --admin_token_file");
}

TEST_F(SignInServiceTest, InvalidInviteRequestIsInvalidArgument) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
  v1::CreateInviteCodeRequest request;  // No tier, no max_uses.
  v1::InviteCode code;
  grpc::Status status = admin_stub_->CreateInviteCode(&context, request, &code);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "subscription_tier must be 1 to 64 bytes");
}

}  // namespace
}  // namespace tgauth
