// BotApiClient against the fake Bot API on a real loopback socket: the
// request shape, retries and their limits, and that callers never wait.
#include "server/bot/bot_api_client.h"

#include "absl/time/clock.h"
#include "common/fake_clock.h"
#include "common/real_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/fixtures/fake_bot_api.h"

namespace tgauth {
namespace {

using fixtures::BotApiAnswer;
using fixtures::BotApiRequest;
using fixtures::FakeBotApi;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kToken[] = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";
constexpr absl::Duration kPatience = absl::Seconds(10);

v1::TelegramBotCall SendMessage(int64_t chat_id, const std::string& text) {
  v1::TelegramBotCall call;
  call.set_method("sendMessage");
  call.set_chat_id(chat_id);
  call.set_text(text);
  return call;
}

class BotApiClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<FakeBotApi>> fake = FakeBotApi::Start();
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
  }

  // A started client of the fake with fast retries, so tests take
  // milliseconds; its retries wait on `clock` (real time unless given).
  std::unique_ptr<BotApiClient> Client(BotApiClientOptions options = {}) {
    return Client(options, real_clock_);
  }
  std::unique_ptr<BotApiClient> Client(BotApiClientOptions options, const Clock& clock) {
    options.base_url = fake_->base_url() + "/";  // The trailing '/' is dropped.
    options.token = kToken;
    options.initial_backoff = absl::Milliseconds(10);
    absl::StatusOr<std::unique_ptr<BotApiClient>> client = BotApiClient::Create(options, clock);
    EXPECT_TRUE(client.ok()) << client.status();
    if (!client.ok()) return nullptr;
    EXPECT_TRUE((*client)->Start().ok());
    return *std::move(client);
  }

  RealClock real_clock_;
  std::unique_ptr<FakeBotApi> fake_;
};

TEST_F(BotApiClientTest, PostsTheParametersAsJsonToTheMethodsUrl) {
  std::unique_ptr<BotApiClient> client = Client();
  v1::TelegramBotCall edit = SendMessage(42, "Signed in.");
  edit.set_method("editMessageText");
  edit.set_message_id(9001);
  client->Call(edit);
  std::vector<BotApiRequest> requests = fake_->WaitForRequests("editMessageText", 1, kPatience);
  ASSERT_THAT(requests, SizeIs(1));
  EXPECT_EQ(requests[0].token, kToken);
  const google::protobuf::Struct body = requests[0].Params();
  const auto& params = body.fields();
  EXPECT_EQ(params.at("chat_id").number_value(), 42);
  EXPECT_EQ(params.at("message_id").number_value(), 9001);
  EXPECT_EQ(params.at("text").string_value(), "Signed in.");
  EXPECT_FALSE(params.contains("method"));  // The URL names it.
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().delivered, 1);
}

TEST_F(BotApiClientTest, ServerErrorsAreRetriedUntilDelivered) {
  fake_->AnswerNext("sendMessage", 2, BotApiAnswer::Error(502, "Bad Gateway"));
  std::unique_ptr<BotApiClient> client = Client();
  client->Call(SendMessage(42, "hello"));
  EXPECT_THAT(fake_->WaitForRequests("sendMessage", 3, kPatience), SizeIs(3));
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().delivered, 1);
  EXPECT_EQ(client->stats().retried, 2);
}

TEST_F(BotApiClientTest, TooManyRequestsWaitsTheRetryAfterTelegramAsksFor) {
  fake_->AnswerNext("sendMessage", 1, BotApiAnswer::TooManyRequests(1));
  std::unique_ptr<BotApiClient> client = Client();
  client->Call(SendMessage(42, "hello"));
  std::vector<BotApiRequest> requests = fake_->WaitForRequests("sendMessage", 2, kPatience);
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_GE(requests[1].received_at - requests[0].received_at, absl::Seconds(1));
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().delivered, 1);
}

TEST_F(BotApiClientTest, RetriesAreDueOnTheInjectedClock) {
  FakeClock clock;
  fake_->AnswerNext("sendMessage", 1, BotApiAnswer::TooManyRequests(5));
  std::unique_ptr<BotApiClient> client = Client({}, clock);
  client->Call(SendMessage(42, "hello"));
  // The 429 schedules the retry's wake-up on the clock.
  ASSERT_TRUE(clock.AwaitPendingTimers(1, kPatience));
  EXPECT_EQ(client->stats().retried, 1);
  clock.Advance(absl::Seconds(4));
  EXPECT_THAT(fake_->Requests(), SizeIs(1));  // Not due yet.
  clock.Advance(absl::Seconds(1));
  EXPECT_THAT(fake_->WaitForRequests("sendMessage", 2, kPatience), SizeIs(2));
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().delivered, 1);
}

TEST_F(BotApiClientTest, CallsQueuedBeforeStartAreSentOnStart) {
  absl::StatusOr<std::unique_ptr<BotApiClient>> client =
      BotApiClient::Create({.base_url = fake_->base_url(), .token = kToken}, real_clock_);
  ASSERT_TRUE(client.ok()) << client.status();
  (*client)->Call(SendMessage(42, "hello"));
  EXPECT_THAT(fake_->Requests(), SizeIs(0));
  ASSERT_TRUE((*client)->Start().ok());
  EXPECT_EQ((*client)->Start().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE((*client)->WaitUntilIdle(kPatience));
  EXPECT_EQ((*client)->stats().delivered, 1);
}

TEST_F(BotApiClientTest, RetryAfterBeyondTheLimitGivesTheCallUp) {
  fake_->AnswerNext("sendMessage", 1, BotApiAnswer::TooManyRequests(120));
  std::unique_ptr<BotApiClient> client = Client({.max_retry_after = absl::Seconds(60)});
  client->Call(SendMessage(42, "hello"));
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().failed, 1);
  EXPECT_THAT(fake_->Requests(), SizeIs(1));
}

TEST_F(BotApiClientTest, AttemptsAreBounded) {
  fake_->SetAnswer("", BotApiAnswer::Error(500, "Internal Server Error"));
  std::unique_ptr<BotApiClient> client = Client({.max_attempts = 3});
  client->Call(SendMessage(42, "hello"));
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().failed, 1);
  EXPECT_THAT(fake_->Requests(), SizeIs(3));
}

TEST_F(BotApiClientTest, ClientErrorsAreFinal) {
  fake_->SetAnswer("editMessageText",
                   BotApiAnswer::Error(400, "Bad Request: message is not modified"));
  std::unique_ptr<BotApiClient> client = Client();
  v1::TelegramBotCall edit = SendMessage(42, "same");
  edit.set_method("editMessageText");
  edit.set_message_id(1);
  client->Call(edit);
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().failed, 1);
  EXPECT_THAT(fake_->Requests(), SizeIs(1));
}

TEST_F(BotApiClientTest, ATimedOutAttemptIsRetried) {
  fake_->AnswerNext("sendMessage", 1, {.latency = absl::Seconds(5)});
  std::unique_ptr<BotApiClient> client = Client({.request_timeout = absl::Milliseconds(200)});
  client->Call(SendMessage(42, "hello"));
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().delivered, 1);
  EXPECT_THAT(fake_->Requests(), SizeIs(2));
}

TEST_F(BotApiClientTest, SlowTelegramNeitherBlocksCallersNorSerialisesRequests) {
  fake_->SetAnswer("", {.latency = absl::Seconds(2)});
  std::unique_ptr<BotApiClient> client = Client({.max_in_flight = 4});
  const absl::Time start = absl::Now();
  for (int i = 0; i < 4; ++i) client->Call(SendMessage(42 + i, "hello"));  // Unpaced: 4 chats.
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(100));                 // Queued, not sent.
  // All four are in flight at once: they arrive well before one answer.
  std::vector<BotApiRequest> requests = fake_->WaitForRequests("sendMessage", 4, kPatience);
  ASSERT_THAT(requests, SizeIs(4));
  EXPECT_LT(requests[3].received_at - requests[0].received_at, absl::Seconds(1));
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().delivered, 4);
}

TEST_F(BotApiClientTest, AFullQueueDropsNewCalls) {
  fake_->SetAnswer("", {.latency = absl::Seconds(1)});
  std::unique_ptr<BotApiClient> client = Client({.max_queued = 2});
  for (int i = 0; i < 5; ++i) client->Call(SendMessage(42, "hello"));
  EXPECT_EQ(client->stats().dropped, 3);
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().delivered, 2);
}

TEST_F(BotApiClientTest, MessagesToOneChatGoOutOnePerSecondOnTheClock) {
  FakeClock clock;
  std::unique_ptr<BotApiClient> client = Client({}, clock);
  for (int i = 0; i < 3; ++i) client->Call(SendMessage(42, "hello"));
  client->Call(SendMessage(7, "hello"));  // Another chat is not held up.
  ASSERT_THAT(fake_->WaitForRequests("sendMessage", 2, kPatience), SizeIs(2));
  ASSERT_TRUE(clock.AwaitPendingTimers(1, kPatience));
  clock.Advance(absl::Milliseconds(999));
  EXPECT_THAT(fake_->Requests(), SizeIs(2));
  clock.Advance(absl::Milliseconds(1));
  ASSERT_THAT(fake_->WaitForRequests("sendMessage", 3, kPatience), SizeIs(3));
  ASSERT_TRUE(clock.AwaitPendingTimers(1, kPatience));
  clock.Advance(absl::Seconds(1));
  ASSERT_THAT(fake_->WaitForRequests("sendMessage", 4, kPatience), SizeIs(4));
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_EQ(client->stats().delivered, 4);
}

TEST_F(BotApiClientTest, AllMessagesTogetherStayWithinThePerSecondLimit) {
  FakeClock clock;
  std::unique_ptr<BotApiClient> client = Client({.max_per_second = 2}, clock);
  for (int chat = 1; chat <= 3; ++chat) client->Call(SendMessage(chat, "hello"));
  ASSERT_THAT(fake_->WaitForRequests("sendMessage", 2, kPatience), SizeIs(2));
  ASSERT_TRUE(clock.AwaitPendingTimers(1, kPatience));
  EXPECT_THAT(fake_->Requests(), SizeIs(2));
  clock.Advance(absl::Seconds(1));
  ASSERT_THAT(fake_->WaitForRequests("sendMessage", 3, kPatience), SizeIs(3));
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
}

TEST_F(BotApiClientTest, AFullQueueDropsEditsBeforeNoticesAndNeverAnotherUsersNotice) {
  fake_->SetAnswer("", {.latency = absl::Milliseconds(500)});
  std::unique_ptr<BotApiClient> client = Client({.max_queued = 3, .max_in_flight = 1});
  client->Call(SendMessage(1, "new sign-in"));
  ASSERT_THAT(fake_->WaitForRequests("sendMessage", 1, kPatience), SizeIs(1));  // In flight.
  for (int chat : {2, 3}) {
    v1::TelegramBotCall edit = SendMessage(chat, "You confirmed the sign-in.");
    edit.set_method("editMessageText");
    edit.set_message_id(5);
    client->Call(edit);
  }
  client->Call(SendMessage(4, "new sign-in"));  // Takes an edit's place.
  client->Call(SendMessage(5, "new sign-in"));  // Takes the other edit's place.
  client->Call(SendMessage(6, "new sign-in"));  // Full of other users' notices: dropped.
  EXPECT_EQ(client->stats().dropped, 3);
  ASSERT_TRUE(client->WaitUntilIdle(kPatience));
  EXPECT_THAT(fake_->Requests("editMessageText"), SizeIs(0));
  std::vector<int64_t> chats;
  for (const BotApiRequest& r : fake_->Requests("sendMessage")) {
    chats.push_back(static_cast<int64_t>(r.Params().fields().at("chat_id").number_value()));
  }
  EXPECT_THAT(chats, ::testing::ElementsAre(1, 4, 5));
}

TEST_F(BotApiClientTest, DestroyingTheClientAbandonsSlowCallsPromptly) {
  fake_->SetAnswer("", {.latency = absl::Seconds(30)});
  std::unique_ptr<BotApiClient> client = Client();
  client->Call(SendMessage(42, "hello"));
  ASSERT_THAT(fake_->WaitForRequests("sendMessage", 1, kPatience), SizeIs(1));
  const absl::Time start = absl::Now();
  client.reset();
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST(BotApiClientCreateTest, RefusesABadBaseUrlOrToken) {
  RealClock clock;
  EXPECT_THAT(BotApiClient::Create({.base_url = "ftp://example.com", .token = kToken}, clock)
                  .status()
                  .message(),
              HasSubstr("http://"));
  EXPECT_THAT(BotApiClient::Create({.token = "not a token"}, clock).status().message(),
              HasSubstr("bot token"));
  EXPECT_EQ(BotApiClient::Create({.token = kToken, .max_queued = 0}, clock).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tgauth
