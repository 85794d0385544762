// The sign-in methods besides the QR login and the admin API through the
// real tgauth-server binary (flags, migrations, wiring) on the test
// PostgreSQL and Redis, over gRPC.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/private_file.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/server/signin/telegram_test_signing.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::e2e {
namespace {

using ::testing::HasSubstr;
using testing::kTestBotToken;

constexpr char kAdminToken[] = "e2e-admin-token-0123456789abcdef0123456789";

// A file holding the admin token, removed when the test ends.
class AdminTokenFile {
 public:
  AdminTokenFile() : path_(WritePrivateFile("admin-token", absl::StrCat(kAdminToken, "\n"))) {}
  ~AdminTokenFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class SignInMethodsTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> flags) {
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
        TgauthCluster::Start({.server_flags = std::move(flags)});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", cluster_->grpc_port()),
                                       grpc::InsecureChannelCredentials());
    auth_ = v1::AuthService::NewStub(channel);
    admin_ = v1::AdminService::NewStub(channel);
  }

  static void Deadline(grpc::ClientContext& context) {
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  }

  grpc::Status SignInWithWidget(int64_t telegram_id, v1::SignInResponse* response) {
    v1::SignInWithWidgetRequest request;
    for (const auto& [name, value] :
         testing::SignWidget({{"id", absl::StrCat(telegram_id)},
                              {"first_name", "Ada"},
                              {"auth_date", testing::UnixSeconds(absl::Now())}},
                             kTestBotToken)) {
      (*request.mutable_fields())[name] = value;
    }
    grpc::ClientContext context;
    Deadline(context);
    return auth_->SignInWithWidget(&context, request, response);
  }

  AdminTokenFile token_file_;
  std::unique_ptr<TgauthCluster> cluster_;
  std::unique_ptr<v1::AuthService::Stub> auth_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
};

TEST_F(SignInMethodsTest, WidgetAndMiniAppSignInsGiveValidSessionsOfOneUser) {
  Start({absl::StrCat("--bot_token=", kTestBotToken)});
  v1::SignInResponse widget;
  grpc::Status status = SignInWithWidget(7000000001, &widget);
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::SignInWithMiniAppRequest request;
  request.set_init_data(
      testing::SignMiniAppHmac({{"user", testing::WebAppUserJson(7000000001, "Ada")},
                                {"auth_date", testing::UnixSeconds(absl::Now())}},
                               kTestBotToken));
  v1::SignInResponse mini_app;
  grpc::ClientContext context;
  Deadline(context);
  status = auth_->SignInWithMiniApp(&context, request, &mini_app);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(mini_app.user().id(), widget.user().id());
  EXPECT_NE(mini_app.session().session_id(), widget.session().session_id());

  for (const v1::SignInResponse* signed_in : {&widget, &mini_app}) {
    grpc::ClientContext validate;
    Deadline(validate);
    v1::ValidateAccessTokenRequest token;
    token.set_access_token(signed_in->session().access_token());
    v1::ValidateAccessTokenResponse claims;
    ASSERT_TRUE(auth_->ValidateAccessToken(&validate, token, &claims).ok());
    EXPECT_EQ(claims.user_id(), widget.user().id());
    EXPECT_EQ(claims.telegram_id(), 7000000001);
  }
}

TEST_F(SignInMethodsTest, ForgedWidgetDataAndUnknownLinksAreUnauthenticated) {
  Start({absl::StrCat("--bot_token=", kTestBotToken)});
  v1::SignInWithWidgetRequest forged;
  (*forged.mutable_fields())["id"] = "7000000002";
  (*forged.mutable_fields())["first_name"] = "Mallory";
  (*forged.mutable_fields())["auth_date"] = testing::UnixSeconds(absl::Now());
  (*forged.mutable_fields())["hash"] = std::string(64, 'a');
  grpc::ClientContext context;
  Deadline(context);
  v1::SignInResponse response;
  EXPECT_EQ(auth_->SignInWithWidget(&context, forged, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  v1::ExchangeLoginLinkRequest link;
  link.set_token(std::string(43, 'A'));
  grpc::ClientContext exchange;
  Deadline(exchange);
  grpc::Status status = auth_->ExchangeLoginLink(&exchange, link, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("login link is unknown, used or expired"));
}

TEST_F(SignInMethodsTest, WithoutABotTokenTheWidgetIsOff) {
  Start({});
  v1::SignInResponse response;
  grpc::Status status = SignInWithWidget(7000000003, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("set --bot_token"));
}

TEST_F(SignInMethodsTest, AdminCreatesAndListsInviteCodesInPostgres) {
  Start({absl::StrCat("--admin_token_file=", token_file_.path())});
  v1::CreateInviteCodeRequest request;
  request.set_subscription_tier("Premium");
  request.set_subscription_days(30);
  request.set_max_uses(5);
  request.set_code("e2e-summer-2026");
  grpc::ClientContext create;
  Deadline(create);
  create.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
  v1::InviteCode created;
  grpc::Status status = admin_->CreateInviteCode(&create, request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.code(), "E2E-SUMMER-2026");

  grpc::ClientContext list;
  Deadline(list);
  list.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
  v1::ListInviteCodesResponse listed;
  ASSERT_TRUE(admin_->ListInviteCodes(&list, {}, &listed).ok());
  ASSERT_GE(listed.codes_size(), 1);
  EXPECT_EQ(listed.codes(0).code(), "E2E-…");
  EXPECT_EQ(listed.codes(0).max_uses(), 5);
}

TEST_F(SignInMethodsTest, WithoutAnAdminTokenFileTheAdminApiIsDisabled) {
  Start({});
  grpc::ClientContext context;
  Deadline(context);
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
  v1::ListInviteCodesResponse listed;
  grpc::Status status = admin_->ListInviteCodes(&context, {}, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("admin API disabled"));
}

}  // namespace
}  // namespace tgauth::e2e
