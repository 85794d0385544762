// AdminService.ListDeadLetters and ReplayDeadLetter over a real in-process
// gRPC server (port 0) on the in-memory webhook queue: operator only,
// precise statuses for bad arguments, paging, and a replay that queues the
// delivery again once.
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/rpc/admin_service.h"
#include "storage/memory/in_memory_oauth_client_store.h"
#include "storage/memory/in_memory_user_admin_store.h"
#include "storage/memory/in_memory_webhook_delivery_store.h"
#include "tests/server/rpc/in_process_auth_service.h"
#include "tests/server/signin/sign_in_test_harness.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

constexpr char kAdminToken[] = "adm1n-t0ken-that-is-long-enough-for-the-check";

class DeadLetterRpcsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(credentials_.AddToken(kAdminTokenOperator, kAdminToken).ok());
    server_ = std::make_unique<testing::InProcessAuthService>(h_.qr, h_.sign_in.get(),
                                                              std::vector<grpc::Service*>{&admin_});
    admin_stub_ = v1::AdminService::NewStub(server_->channel());
  }

  // Queues events 1..`count` (one user each) for "billing" and gives each up.
  std::vector<int64_t> DeadLetters(int count) {
    std::vector<storage::NewWebhookDelivery> queued;
    for (int e = 1; e <= count; ++e) {
      queued.push_back({.subscriber = "billing",
                        .event_id = static_cast<uint64_t>(e),
                        .event_type = "user.deleted",
                        .user_id = absl::StrCat("u", e),
                        .body = "{}"});
    }
    const absl::Time now = h_.qr.clock.Now();
    EXPECT_TRUE(deliveries_.Enqueue(queued, now).ok());
    std::vector<int64_t> ids;
    const std::vector<storage::WebhookDelivery> claimed =
        *deliveries_.Claim("billing", now, kLease, count);
    for (const storage::WebhookDelivery& d : claimed) {
      EXPECT_TRUE(deliveries_.MarkDead(d.id, "HTTP 500", now).ok());
      ids.push_back(d.id);
    }
    return ids;
  }

  grpc::Status List(const std::string& token, const v1::ListDeadLettersRequest& request,
                    v1::ListDeadLettersResponse* response) {
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", token);
    return admin_stub_->ListDeadLetters(&context, request, response);
  }

  grpc::Status Replay(int64_t delivery_id) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
    v1::ReplayDeadLetterRequest request;
    request.set_delivery_id(delivery_id);
    v1::ReplayDeadLetterResponse response;
    return admin_stub_->ReplayDeadLetter(&context, request, &response);
  }

  static constexpr absl::Duration kLease = absl::Seconds(30);
  const std::string bearer_ = absl::StrCat("Bearer ", kAdminToken);

  testing::SignInTestHarness h_;
  Executor executor_{2};
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
  std::unique_ptr<v1::AdminService::Stub> admin_stub_;
};

TEST_F(DeadLetterRpcsTest, ListShowsDeadLettersOldestFirstAPageAtATime) {
  const std::vector<int64_t> ids = DeadLetters(3);
  v1::ListDeadLettersRequest request;
  request.set_page_size(2);
  v1::ListDeadLettersResponse page1;
  ASSERT_TRUE(List(bearer_, request, &page1).ok());
  ASSERT_EQ(page1.dead_letters_size(), 2);
  const v1::DeadLetter& first = page1.dead_letters(0);
  EXPECT_EQ(first.delivery_id(), ids[0]);
  EXPECT_EQ(first.subscriber(), "billing");
  EXPECT_EQ(first.event_id(), 1u);
  EXPECT_EQ(first.event_type(), "user.deleted");
  EXPECT_EQ(first.user_id(), "u1");
  EXPECT_EQ(first.attempts(), 1);
  EXPECT_EQ(first.last_error(), "HTTP 500");
  EXPECT_EQ(page1.next_after_delivery_id(), ids[1]);

  request.set_after_delivery_id(page1.next_after_delivery_id());
  v1::ListDeadLettersResponse page2;
  ASSERT_TRUE(List(bearer_, request, &page2).ok());
  ASSERT_EQ(page2.dead_letters_size(), 1);
  EXPECT_EQ(page2.dead_letters(0).delivery_id(), ids[2]);
  EXPECT_EQ(page2.next_after_delivery_id(), 0);
}

TEST_F(DeadLetterRpcsTest, ListRefusesAMissingOrWrongCredential) {
  v1::ListDeadLettersResponse response;
  EXPECT_EQ(List("", {}, &response).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(List("Bearer not-the-admin-token-but-just-as-long-as-it", {}, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(DeadLetterRpcsTest, ListRefusesAPageSizeOutOfRange) {
  v1::ListDeadLettersRequest request;
  request.set_page_size(1001);
  v1::ListDeadLettersResponse response;
  grpc::Status status = List(bearer_, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_size"));
  request.set_page_size(-1);
  EXPECT_EQ(List(bearer_, request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DeadLetterRpcsTest, ReplayQueuesTheDeliveryAgainOnce) {
  const int64_t id = DeadLetters(1).at(0);
  ASSERT_TRUE(Replay(id).ok());
  v1::ListDeadLettersResponse response;
  ASSERT_TRUE(List(bearer_, {}, &response).ok());
  EXPECT_EQ(response.dead_letters_size(), 0);
  EXPECT_EQ(deliveries_.Count()->pending, 1);
  grpc::Status again = Replay(id);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(again.error_message(), "no dead letter with this id");
}

TEST_F(DeadLetterRpcsTest, ReplayRefusesAnIdBelowOne) {
  grpc::Status status = Replay(0);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("delivery_id"));
}

TEST_F(DeadLetterRpcsTest, AStoreThatIsDownIsUnavailable) {
  deliveries_.FailNextCalls(absl::UnavailableError("postgres down"));
  v1::ListDeadLettersResponse response;
  EXPECT_EQ(List(bearer_, {}, &response).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Replay(1).error_code(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace tgauth
