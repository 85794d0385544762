#include "server/telegram_bot.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/in_memory_update_ledger.h"
#include "tests/server/login_test_harness.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

class TelegramBotTest : public ::testing::Test {
 protected:
  v1::TelegramUpdate StartUpdate(int64_t update_id, const std::string& text) {
    v1::TelegramUpdate update;
    update.set_update_id(update_id);
    v1::TelegramMessage* message = update.mutable_message();
    message->set_message_id(7);
    message->set_text(text);
    message->mutable_chat()->set_id(100000001);
    message->mutable_chat()->set_type("private");
    message->mutable_from()->set_id(100000001);
    message->mutable_from()->set_first_name("Ada");
    return update;
  }

  NewLogin Create() {
    return *h_.broker->Create({.user_agent = "Mozilla/5.0 (Windows NT 10.0) Chrome/120 Safari/537",
                               .ip_address = "198.51.100.4"});
  }

  PollState StateOf(const NewLogin& login) {
    absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
    return outcome.ok() ? outcome->state : PollState::kExpired;
  }

  testing::LoginTestHarness h_;
  storage::InMemoryUpdateLedger ledger_{h_.clock};
  TelegramBot bot_{
      {.bot_username = "tgauth_test_bot", .site_url = "https://example.com"}, *h_.broker, ledger_};
};

TEST_F(TelegramBotTest, StartWithLoginTokenConfirmsAndRepliesWithDevice) {
  NewLogin login = Create();
  auto reply = bot_.HandleUpdate(StartUpdate(1, "/start " + login.login_token));
  ASSERT_TRUE(reply.ok()) << reply.status();
  ASSERT_TRUE(reply->has_value());
  EXPECT_EQ((*reply)->method(), "sendMessage");
  EXPECT_EQ((*reply)->chat_id(), 100000001);
  EXPECT_THAT((*reply)->text(),
              HasSubstr("signed in to https://example.com on Chrome on Windows (198.51.100.4)"));
  EXPECT_EQ(StateOf(login), PollState::kConfirmed);
}

TEST_F(TelegramBotTest, StartAddressedToThisBotByNameIsAccepted) {
  NewLogin login = Create();
  ASSERT_TRUE(
      bot_.HandleUpdate(StartUpdate(1, "/start@TgAuth_Test_Bot " + login.login_token)).ok());
  EXPECT_EQ(StateOf(login), PollState::kConfirmed);
}

TEST_F(TelegramBotTest, StartWithoutPayloadGreetsAndPointsToSite) {
  auto reply = bot_.HandleUpdate(StartUpdate(1, "/start"));
  ASSERT_TRUE(reply.ok() && reply->has_value());
  EXPECT_THAT((*reply)->text(), HasSubstr("https://example.com"));
}

TEST_F(TelegramBotTest, ExpiredOrUsedOrBogusLinkGetsAClearMessage) {
  NewLogin login = Create();
  h_.clock.Advance(absl::Minutes(6));
  for (const std::string& payload : {login.login_token, std::string("not-a-token")}) {
    auto reply = bot_.HandleUpdate(StartUpdate(payload.size(), "/start " + payload));
    ASSERT_TRUE(reply.ok() && reply->has_value()) << payload;
    EXPECT_THAT((*reply)->text(), HasSubstr("expired or was already used"));
  }
}

TEST_F(TelegramBotTest, UpdatesThatAreNotPrivateStartCommandsAreIgnored) {
  NewLogin login = Create();
  const std::string start = "/start " + login.login_token;
  v1::TelegramUpdate group = StartUpdate(1, start);
  group.mutable_message()->mutable_chat()->set_type("group");
  v1::TelegramUpdate from_bot = StartUpdate(2, start);
  from_bot.mutable_message()->mutable_from()->set_is_bot(true);
  v1::TelegramUpdate other_bot = StartUpdate(3, "/start@other_bot " + login.login_token);
  v1::TelegramUpdate chatter = StartUpdate(4, "hello " + login.login_token);
  v1::TelegramUpdate edited;
  edited.set_update_id(5);
  *edited.mutable_edited_message() = StartUpdate(5, start).message();
  v1::TelegramUpdate callback;
  callback.set_update_id(6);
  callback.mutable_callback_query()->set_data("whatever");

  for (const auto& update : {group, from_bot, other_bot, chatter, edited, callback}) {
    auto reply = bot_.HandleUpdate(update);
    ASSERT_TRUE(reply.ok()) << update.update_id();
    EXPECT_FALSE(reply->has_value()) << update.update_id();
  }
  EXPECT_EQ(StateOf(login), PollState::kPending);
}

TEST_F(TelegramBotTest, RedeliveredUpdateIsProcessedOnce) {
  NewLogin login = Create();
  v1::TelegramUpdate update = StartUpdate(77, "/start " + login.login_token);
  ASSERT_TRUE(bot_.HandleUpdate(update)->has_value());
  auto again = bot_.HandleUpdate(update);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  EXPECT_EQ(h_.published.size(), 1u);
}

TEST_F(TelegramBotTest, RedeliveryWhileTheFirstDeliveryIsInFlightAsksTelegramToRetry) {
  NewLogin login = Create();
  v1::TelegramUpdate update = StartUpdate(79, "/start " + login.login_token);
  ASSERT_EQ(*ledger_.Claim(79, absl::Seconds(30)), storage::UpdateClaim::kClaimed);
  EXPECT_EQ(bot_.HandleUpdate(update).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(StateOf(login), PollState::kPending);
}

TEST_F(TelegramBotTest, StoreOutageFailsTheUpdateSoTelegramRedeliversIt) {
  NewLogin login = Create();
  v1::TelegramUpdate update = StartUpdate(78, "/start " + login.login_token);
  h_.users.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(bot_.HandleUpdate(update).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(StateOf(login), PollState::kPending);
  // Telegram's redelivery of the same update_id now succeeds.
  auto retried = bot_.HandleUpdate(update);
  ASSERT_TRUE(retried.ok() && retried->has_value());
  EXPECT_EQ(StateOf(login), PollState::kConfirmed);
}

}  // namespace
}  // namespace tgauth
