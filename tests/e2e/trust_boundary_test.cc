// End to end: what a caller that reaches tgauth-server's gRPC port directly,
// without the gateway, can no longer do. It cannot post Telegram updates
// (a victim's /start web_auth would hand it their login link), it cannot
// choose the IP address it is limited by, and updates need an update_id.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class TrustBoundaryTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> server_flags = {}) {
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
        TgauthCluster::Start({.server_flags = std::move(server_flags)});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    stub_ = v1::AuthService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", cluster_->grpc_port()), cluster_->GrpcCredentials()));
  }

  static grpc::ClientContext* WithMetadata(grpc::ClientContext& context, const char* key,
                                           const std::string& value) {
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!value.empty()) context.AddMetadata(key, value);
    return &context;
  }

  // HandleTelegramUpdate straight to the server, `secret` as the metadata
  // the gateway would send ("" sends none).
  grpc::Status PostDirectly(const std::string& update_json, const std::string& secret,
                            v1::HandleTelegramUpdateResponse* response) {
    v1::HandleTelegramUpdateRequest request;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(update_json, request.mutable_update(), options)
            .ok());
    grpc::ClientContext context;
    return stub_->HandleTelegramUpdate(
        WithMetadata(context, "x-telegram-bot-api-secret-token", secret), request, response);
  }

  // CreateLogin straight to the server, claiming `ip_address`, with
  // `gateway_token` ("" sends none).
  grpc::Status CreateLoginDirectly(const std::string& ip_address,
                                   const std::string& gateway_token) {
    v1::CreateLoginRequest request;
    request.mutable_device()->set_ip_address(ip_address);
    v1::CreateLoginResponse response;
    grpc::ClientContext context;
    return stub_->CreateLogin(WithMetadata(context, "x-tgauth-gateway-token", gateway_token),
                              request, &response);
  }

  std::unique_ptr<TgauthCluster> cluster_;
  std::unique_ptr<v1::AuthService::Stub> stub_;
};

TEST_F(TrustBoundaryTest, DirectUpdateAsAVictimIsUnauthenticatedAndChangesNothing) {
  Start();
  const fixtures::TelegramUserFixture victim = NewTelegramUser();
  const std::string update =
      fixtures::StartCommandUpdateJson(victim, {.update_id = victim.id}, "web_auth");

  for (const std::string& secret : {std::string(), std::string(43, 'x')}) {
    v1::HandleTelegramUpdateResponse response;
    grpc::Status status = PostDirectly(update, secret, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("x-telegram-bot-api-secret-token"));
    EXPECT_FALSE(response.has_reply());
  }

  // Telegram's own delivery of that update_id is still processed: the
  // refused calls marked nothing.
  absl::StatusOr<fixtures::HttpReply> delivered = cluster_->SendUpdate(update);
  ASSERT_TRUE(delivered.ok()) << delivered.status();
  EXPECT_EQ(delivered->status, 200);
  EXPECT_THAT(delivered->body, HasSubstr("/auth/telegram/callback?token="));
}

TEST_F(TrustBoundaryTest, DirectCallersAreLimitedByTheirOwnAddressNotTheOneTheyClaim) {
  Start({"--logins_per_ip_per_minute=2"});
  EXPECT_TRUE(CreateLoginDirectly("203.0.113.9", "").ok());
  EXPECT_TRUE(CreateLoginDirectly("203.0.113.10", "").ok());
  EXPECT_EQ(CreateLoginDirectly("203.0.113.11", "").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // The gateway's token makes the claimed address count.
  EXPECT_TRUE(CreateLoginDirectly("203.0.113.11", cluster_->gateway_token()).ok());
}

TEST_F(TrustBoundaryTest, DirectFailedRefreshesCountAgainstTheCallersOwnAddress) {
  Start({"--failed_refreshes_per_ip=2"});
  auto refresh = [&](const std::string& claimed_ip) {
    v1::RefreshSessionRequest request;
    request.set_refresh_token(std::string(43, 'r'));
    request.mutable_device()->set_ip_address(claimed_ip);
    v1::RefreshSessionResponse response;
    grpc::ClientContext context;
    return stub_->RefreshSession(WithMetadata(context, "x-tgauth-gateway-token", ""), request,
                                 &response);
  };
  // Two failures use up 127.0.0.1's limit of 2, whatever each claimed.
  for (const char* claimed : {"203.0.113.9", "203.0.113.10"}) {
    EXPECT_EQ(refresh(claimed).error_code(), grpc::StatusCode::UNAUTHENTICATED) << claimed;
  }
  EXPECT_EQ(refresh("203.0.113.11").error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(TrustBoundaryTest, UpdateWithoutUpdateIdIsBadRequestEveryTime) {
  Start();
  google::protobuf::Struct update = fixtures::StartCommandUpdate(NewTelegramUser(), {}, "web_auth");
  update.mutable_fields()->erase("update_id");
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::StatusOr<fixtures::HttpReply> reply = cluster_->SendUpdate(fixtures::ToJson(update));
    ASSERT_TRUE(reply.ok()) << reply.status();
    EXPECT_EQ(reply->status, 400) << attempt;
    EXPECT_THAT(reply->body, HasSubstr("update_id is required"));
    EXPECT_THAT(reply->body, Not(HasSubstr("callback?token=")));
  }
}

}  // namespace
}  // namespace tgauth::e2e
