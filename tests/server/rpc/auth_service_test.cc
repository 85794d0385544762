// AuthService over a real in-process gRPC server (port 0) with the in-memory
// stores: the long poll's parking, waking, deadlines and cancellation.
#include "server/rpc/auth_service.h"

#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/rpc/executor.h"
#include "storage/memory/in_memory_login_link_store.h"
#include "storage/memory/in_memory_update_ledger.h"
#include "tests/server/rpc/in_process_auth_service.h"

namespace tgauth {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using testing::Ada;
using ::testing::HasSubstr;

class AuthServiceTest : public ::testing::Test {
 protected:
  v1::CreateLoginResponse CreateLogin() {
    grpc::ClientContext context;
    v1::CreateLoginResponse response;
    EXPECT_TRUE(stub_->CreateLogin(&context, {}, &response).ok());
    return response;
  }

  grpc::Status Await(const v1::CreateLoginResponse& login, int wait_seconds,
                     v1::AwaitLoginResponse* response, absl::Duration deadline = absl::Seconds(40),
                     v1::LoginState known_state = v1::LOGIN_STATE_UNSPECIFIED) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    v1::AwaitLoginRequest request;
    request.set_login_token(login.login_token());
    request.set_poll_token(login.poll_token());
    request.set_wait_seconds(wait_seconds);
    request.set_known_state(known_state);
    return stub_->AwaitLogin(&context, request, response);
  }

  // Until a poll is parked: the server's side of a call has no other signal.
  void WaitUntilParked(size_t count = 1) {
    while (h_.waiters.size() < count) std::this_thread::yield();
  }

  void Scan(const v1::CreateLoginResponse& login) {
    ASSERT_TRUE(h_.broker->Scan(login.login_token(), Ada()).ok());
  }

  AnswerOutcome Answer(const v1::CreateLoginResponse& login, LoginAnswer::Kind kind) {
    absl::StatusOr<AnsweredLogin> answered = h_.broker->Answer(
        LoginBroker::LoginKey(login.login_token()), Ada(), LoginAnswer{.kind = kind});
    EXPECT_TRUE(answered.ok()) << answered.status();
    return answered.ok() ? answered->outcome : AnswerOutcome::kExpired;
  }

  // Logins come from one address here; the per-address limit has its own tests.
  testing::LoginTestHarness h_{{.bot_username = "tgauth_test_bot", .logins_per_ip_per_minute = 0}};
  testing::InProcessAuthService server_{h_};
  v1::AuthService::Stub* stub_ = &server_.stub();
};

TEST_F(AuthServiceTest, CreateLoginReturnsTheQrAndThePollInterval) {
  v1::CreateLoginResponse login = CreateLogin();
  EXPECT_THAT(login.qr_svg(), HasSubstr("<svg"));
  EXPECT_EQ(login.poll_interval_seconds(), 2);
  EXPECT_EQ(login.expires_at().seconds(), absl::ToUnixSeconds(h_.clock.Now() + absl::Minutes(5)));
}

TEST_F(AuthServiceTest, ALoginForAnAuthorizationRequestIsForItsApp) {
  ASSERT_TRUE(server_.RegisterShop().ok());
  AuthorizationParameters parameters;
  parameters.values = {{"response_type", "code"},
                       {"client_id", "shop"},
                       {"redirect_uri", "https://shop.example/cb"},
                       {"scope", "openid"},
                       {"code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"},
                       {"code_challenge_method", "S256"}};
  absl::StatusOr<AuthorizationStart> start = server_.authorizations().Start(parameters);
  ASSERT_TRUE(start.ok() && !start->handle.empty()) << start.status();

  grpc::ClientContext context;
  v1::CreateLoginRequest request;
  request.set_authorization(start->handle);
  v1::CreateLoginResponse login;
  ASSERT_TRUE(stub_->CreateLogin(&context, request, &login).ok());
  absl::StatusOr<storage::PendingLogin> scanned = h_.broker->Scan(login.login_token(), Ada());
  ASSERT_TRUE(scanned.ok()) << scanned.status();
  EXPECT_EQ(scanned->app_name, "Acme Shop");

  // A plain login is for the site itself.
  absl::StatusOr<storage::PendingLogin> plain = h_.broker->Scan(CreateLogin().login_token(), Ada());
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->app_name, "");
}

TEST_F(AuthServiceTest, ALoginForAnUnknownAuthorizationRequestIsRefusedAndNotCreated) {
  grpc::ClientContext context;
  v1::CreateLoginRequest request;
  request.set_authorization("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  v1::CreateLoginResponse login;
  grpc::Status status = stub_->CreateLogin(&context, request, &login);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_TRUE(login.login_token().empty());
}

TEST_F(AuthServiceTest, PollWithoutWaitAnswersAtOnce) {
  v1::AwaitLoginResponse response;
  ASSERT_TRUE(Await(CreateLogin(), 0, &response).ok());
  EXPECT_EQ(response.state(), v1::LOGIN_STATE_PENDING);
}

TEST_F(AuthServiceTest, ParkedPollIsWokenByTheScanAndRedeems) {
  v1::CreateLoginResponse login = CreateLogin();
  v1::AwaitLoginResponse response;
  auto parked = std::async(std::launch::async, [&] { return Await(login, 30, &response); });
  while (h_.waiters.size() == 0) std::this_thread::yield();  // Until it is parked.
  ASSERT_TRUE(h_.broker->Confirm(login.login_token(), Ada()).ok());
  ASSERT_TRUE(parked.get().ok());
  EXPECT_EQ(response.state(), v1::LOGIN_STATE_CONFIRMED);
  EXPECT_EQ(response.user().telegram_id(), Ada().telegram_id);
  EXPECT_EQ(response.session().token_type(), "Bearer");
  EXPECT_EQ(h_.waiters.size(), 0u);
}

TEST_F(AuthServiceTest, ParkedPollAnswersScannedAsSoonAsTheUserScans) {
  v1::CreateLoginResponse login = CreateLogin();
  v1::AwaitLoginResponse response;
  auto parked = std::async(std::launch::async, [&] { return Await(login, 30, &response); });
  WaitUntilParked();
  Scan(login);
  ASSERT_EQ(parked.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  ASSERT_TRUE(parked.get().ok());
  EXPECT_EQ(response.state(), v1::LOGIN_STATE_SCANNED);
  EXPECT_FALSE(response.has_user());
  EXPECT_FALSE(response.has_session());
}

TEST_F(AuthServiceTest, ScannedAnswerNamesTheScannersPublicProfile) {
  v1::CreateLoginResponse login = CreateLogin();
  Scan(login);
  v1::AwaitLoginResponse response;
  ASSERT_TRUE(Await(login, 0, &response).ok());
  ASSERT_EQ(response.state(), v1::LOGIN_STATE_SCANNED);
  v1::ScannerProfile expected;
  expected.set_first_name(Ada().first_name);
  expected.set_last_name(Ada().last_name);
  expected.set_username(Ada().username);
  EXPECT_TRUE(MessageDifferencer::Equals(response.scanned_by(), expected))
      << response.scanned_by().DebugString();
}

TEST_F(AuthServiceTest, PollThatKnowsPendingAnswersAScannedLoginAtOnce) {
  v1::CreateLoginResponse login = CreateLogin();
  Scan(login);
  v1::AwaitLoginResponse response;
  ASSERT_TRUE(Await(login, 30, &response, absl::Seconds(5), v1::LOGIN_STATE_PENDING).ok());
  EXPECT_EQ(response.state(), v1::LOGIN_STATE_SCANNED);
}

TEST_F(AuthServiceTest, PollThatKnowsScannedParksUntilTheUserConfirms) {
  v1::CreateLoginResponse login = CreateLogin();
  Scan(login);
  v1::AwaitLoginResponse response;
  auto parked = std::async(std::launch::async, [&] {
    return Await(login, 30, &response, absl::Seconds(40), v1::LOGIN_STATE_SCANNED);
  });
  WaitUntilParked();
  ASSERT_EQ(Answer(login, LoginAnswer::kConfirm), AnswerOutcome::kConfirmed);
  ASSERT_EQ(parked.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  ASSERT_TRUE(parked.get().ok());
  EXPECT_EQ(response.state(), v1::LOGIN_STATE_CONFIRMED);
  EXPECT_EQ(response.user().telegram_id(), Ada().telegram_id);
  EXPECT_FALSE(response.session().access_token().empty());
}

TEST_F(AuthServiceTest, ParkedPollSeesTheDenialWhichIsFinal) {
  v1::CreateLoginResponse login = CreateLogin();
  Scan(login);
  v1::AwaitLoginResponse response;
  auto parked = std::async(std::launch::async, [&] {
    return Await(login, 30, &response, absl::Seconds(40), v1::LOGIN_STATE_SCANNED);
  });
  WaitUntilParked();
  ASSERT_EQ(Answer(login, LoginAnswer::kDeny), AnswerOutcome::kDenied);
  ASSERT_TRUE(parked.get().ok());
  EXPECT_EQ(response.state(), v1::LOGIN_STATE_DENIED);
  // A client that already saw DENIED is answered at once: nothing follows it.
  v1::AwaitLoginResponse again;
  ASSERT_TRUE(Await(login, 30, &again, absl::Seconds(5), v1::LOGIN_STATE_DENIED).ok());
  EXPECT_EQ(again.state(), v1::LOGIN_STATE_DENIED);
}

TEST_F(AuthServiceTest, UnknownKnownStateIsInvalidArgument) {
  v1::AwaitLoginResponse response;
  grpc::Status status =
      Await(CreateLogin(), 0, &response, absl::Seconds(5), static_cast<v1::LoginState>(42));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("known_state"));
}

TEST_F(AuthServiceTest, ParkedPollAnswersPendingWhenItsWaitEnds) {
  v1::CreateLoginResponse login = CreateLogin();
  v1::AwaitLoginResponse response;
  auto parked = std::async(std::launch::async, [&] { return Await(login, 1, &response); });
  WaitUntilParked();
  h_.clock.Advance(absl::Seconds(1));  // The wait's end, on the server's clock.
  ASSERT_TRUE(parked.get().ok());
  EXPECT_EQ(response.state(), v1::LOGIN_STATE_PENDING);
  EXPECT_EQ(h_.waiters.size(), 0u);
}

TEST_F(AuthServiceTest, CancelledPollLeavesNoWaiterBehind) {
  v1::AwaitLoginResponse response;
  grpc::Status status = Await(CreateLogin(), 30, &response, absl::Milliseconds(300));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server learns of the cancellation asynchronously.
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (h_.waiters.size() != 0 && absl::Now() < give_up) std::this_thread::yield();
  EXPECT_EQ(h_.waiters.size(), 0u);
}

TEST_F(AuthServiceTest, ManyParkedPollsHoldNoThreads) {
  constexpr int kPolls = 200;  // Far more than the executor's 4 threads.
  std::vector<v1::CreateLoginResponse> logins;
  for (int i = 0; i < kPolls; ++i) logins.push_back(CreateLogin());
  std::vector<v1::AwaitLoginResponse> responses(kPolls);
  std::vector<std::future<grpc::Status>> polls;
  for (int i = 0; i < kPolls; ++i) {
    polls.push_back(
        std::async(std::launch::async, [&, i] { return Await(logins[i], 30, &responses[i]); }));
  }
  while (h_.waiters.size() < kPolls) std::this_thread::yield();
  for (const auto& login : logins) ASSERT_TRUE(h_.broker->Confirm(login.login_token(), Ada()).ok());
  for (int i = 0; i < kPolls; ++i) {
    ASSERT_TRUE(polls[i].get().ok());
    EXPECT_EQ(responses[i].state(), v1::LOGIN_STATE_CONFIRMED);
  }
}

TEST_F(AuthServiceTest, LongPollsOverTheLoginsCapAreRefusedUntilOneEnds) {
  const v1::CreateLoginResponse login = CreateLogin();
  const int cap = h_.waiters.max_polls_per_login();
  std::vector<v1::AwaitLoginResponse> responses(cap);
  std::vector<std::future<grpc::Status>> polls;
  for (int i = 0; i < cap; ++i) {
    polls.push_back(
        std::async(std::launch::async, [&, i] { return Await(login, 30, &responses[i]); }));
  }
  WaitUntilParked(cap);
  v1::AwaitLoginResponse response;
  grpc::Status refused = Await(login, 30, &response, absl::Seconds(5));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(
      refused.error_message(),
      HasSubstr(absl::StrCat("too many long polls are waiting on this login (at most ", cap, ")")));
  EXPECT_EQ(h_.waiters.size(), static_cast<size_t>(cap));
  // A poll that does not wait parks nothing and still answers.
  EXPECT_TRUE(Await(login, 0, &response).ok());
  // Answered polls give their places back.
  Scan(login);
  for (auto& poll : polls) EXPECT_TRUE(poll.get().ok());
  auto parked = std::async(std::launch::async, [&] {
    return Await(login, 1, &response, absl::Seconds(40), v1::LOGIN_STATE_SCANNED);
  });
  WaitUntilParked();
  h_.clock.Advance(absl::Seconds(1));
  EXPECT_TRUE(parked.get().ok());
}

TEST_F(AuthServiceTest, PollBeyondAFullWorkQueueIsRefusedAtOnceAndGivesItsPlaceBack) {
  const v1::CreateLoginResponse login = CreateLogin();
  // Occupy the executor's 4 threads, then fill its queue.
  absl::Notification release;
  std::atomic<int> started = 0;
  std::atomic<int> released = 0;
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(server_.executor()
                    .Post([&] {
                      ++started;
                      release.WaitForNotification();
                      ++released;
                    })
                    .ok());
  }
  while (started < 4) std::this_thread::yield();
  while (server_.executor().Post([] {}).ok()) {
  }
  for (int wait_seconds : {0, 30}) {
    v1::AwaitLoginResponse response;
    grpc::Status status = Await(login, wait_seconds, &response, absl::Seconds(5));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << wait_seconds;
    EXPECT_THAT(status.error_message(), HasSubstr("server busy")) << wait_seconds;
  }
  release.Notify();
  while (released < 4) std::this_thread::yield();  // Done with `release`.
  // The refused long poll left its place among the login's polls.
  const std::string key = LoginBroker::LoginKey(login.login_token());
  for (int i = 0; i < h_.waiters.max_polls_per_login(); ++i) EXPECT_TRUE(h_.waiters.Enter(key));
  for (int i = 0; i < h_.waiters.max_polls_per_login(); ++i) h_.waiters.Leave(key);
}

TEST_F(AuthServiceTest, WaitOverThirtySecondsIsInvalidArgument) {
  v1::AwaitLoginResponse response;
  grpc::Status status = Await(CreateLogin(), 31, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("wait_seconds"));
}

TEST_F(AuthServiceTest, InternalErrorsReachClientsWithoutDetail) {
  h_.logins.FailNextCalls(absl::InternalError("redis said: secret detail"), 1);
  grpc::ClientContext context;
  v1::CreateLoginResponse response;
  grpc::Status status = stub_->CreateLogin(&context, {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
}

TEST_F(AuthServiceTest, CreateLoginPassesTheTimeZoneAndReturnsNoMatchCodeByDefault) {
  grpc::ClientContext context;
  v1::CreateLoginRequest request;
  request.mutable_device()->set_time_zone("Europe/Berlin");
  v1::CreateLoginResponse response;
  ASSERT_TRUE(stub_->CreateLogin(&context, request, &response).ok());
  EXPECT_TRUE(response.match_code().empty());
  EXPECT_EQ(h_.logins.Get(LoginBroker::LoginKey(response.login_token()))->device.time_zone,
            "Europe/Berlin");
}

TEST_F(AuthServiceTest, CreateLoginRefusesATimeZoneThatIsNoIanaName) {
  grpc::ClientContext context;
  v1::CreateLoginRequest request;
  request.mutable_device()->set_time_zone("../../etc/passwd");
  v1::CreateLoginResponse response;
  grpc::Status status = stub_->CreateLogin(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("device.time_zone"));
}

TEST_F(AuthServiceTest, JwksPublishesTheSigningKey) {
  grpc::ClientContext context;
  v1::GetJwksResponse jwks;
  ASSERT_TRUE(stub_->GetJwks(&context, {}, &jwks).ok());
  ASSERT_EQ(jwks.keys_size(), 1);
  EXPECT_EQ(jwks.keys(0).kid(), h_.key->kid());
  EXPECT_EQ(jwks.keys(0).alg(), "ES256");
}

}  // namespace
}  // namespace tgauth
