// TelegramBot's routing and de-duplication, with fake handlers.
#include "server/bot/telegram_bot.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "server/bot/bot_text.h"
#include "server/session/blocked_accounts.h"
#include "storage/memory/in_memory_invite_store.h"
#include "storage/memory/in_memory_session_store.h"
#include "storage/memory/in_memory_update_ledger.h"
#include "storage/memory/in_memory_user_admin_store.h"
#include "storage/memory/in_memory_user_store.h"

namespace tgauth {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

// Records its calls and replies with "<name>: <argument>".
class FakeCommand final : public BotCommand {
 public:
  explicit FakeCommand(std::string name) : name_(std::move(name)) {}

  absl::StatusOr<v1::TelegramBotCall> Handle(absl::string_view argument,
                                             const v1::TelegramMessage& message) override {
    arguments.emplace_back(argument);
    if (while_handling) std::exchange(while_handling, nullptr)();
    if (!fail_with.ok()) return std::exchange(fail_with, absl::OkStatus());
    v1::TelegramBotCall reply;  // Method and chat left for the bot to fill in.
    reply.set_text(absl::StrCat(name_, ": ", argument));
    if (secret) {
      // A new one-time link on every call, as LoginLinkCommand makes.
      reply.mutable_reply_markup()->add_inline_keyboard()->add_buttons()->set_url(
          absl::StrCat("https://example.com/auth/telegram/callback?token=secret-",
                       arguments.size()));
    }
    return reply;
  }
  bool RepliesCarrySecrets() const override { return secret; }

  std::vector<std::string> arguments;
  absl::Status fail_with;                // Returned once.
  std::function<void()> while_handling;  // Run once, inside the next Handle.
  bool secret = false;                   // Replies with a login link.

 private:
  std::string name_;
};

class FakeCallback final : public BotCallback {
 public:
  absl::StatusOr<v1::TelegramBotCall> HandlePress(absl::string_view argument,
                                                  const v1::TelegramCallbackQuery& query) override {
    arguments.emplace_back(argument);
    presser = query.from().id();
    v1::TelegramBotCall answer;  // Method and query id left for the bot to fill in.
    answer.set_text("pressed");
    return answer;
  }

  std::vector<std::string> arguments;
  int64_t presser = 0;
};

class TelegramBotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bot_.AddCommand("login", login_);
    bot_.AddStartPayload("invite_", invite_);
    bot_.AddStartPayload("", qr_);
    bot_.AddStartPayload("web_auth", web_auth_);  // Registered last, still before "".
    bot_.AddCallback("x", callback_);
  }

  static v1::TelegramUpdate TextUpdate(int64_t update_id, const std::string& text) {
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

  static v1::TelegramUpdate PressUpdate(int64_t update_id, const std::string& data) {
    v1::TelegramUpdate update;
    update.set_update_id(update_id);
    v1::TelegramCallbackQuery* query = update.mutable_callback_query();
    query->set_id("q-17");
    query->set_data(data);
    query->mutable_from()->set_id(100000001);
    return update;
  }

  // The reply to `update`; a test failure if there is none.
  v1::TelegramBotCall Reply(const v1::TelegramUpdate& update) {
    absl::StatusOr<std::optional<v1::TelegramBotCall>> reply = bot_.HandleUpdate(update);
    EXPECT_TRUE(reply.ok()) << reply.status();
    EXPECT_TRUE(reply.ok() && reply->has_value()) << update.ShortDebugString();
    return reply.ok() && reply->has_value() ? **reply : v1::TelegramBotCall();
  }

  // The URL of the reply's first button; "" if it has none.
  static std::string LinkIn(const v1::TelegramBotCall& reply) {
    const auto& rows = reply.reply_markup().inline_keyboard();
    return rows.empty() || rows[0].buttons().empty() ? "" : rows[0].buttons(0).url();
  }

  // True if `update` is acknowledged without a reply.
  bool Ignored(const v1::TelegramUpdate& update) {
    absl::StatusOr<std::optional<v1::TelegramBotCall>> reply = bot_.HandleUpdate(update);
    return reply.ok() && !reply->has_value();
  }

  FakeClock clock_;
  storage::InMemoryUpdateLedger ledger_{clock_};
  TelegramBot bot_{
      {.bot_username = "tgauth_test_bot", .site_url = "https://example.com"}, ledger_, clock_};
  FakeCommand login_{"login"}, invite_{"invite"}, web_auth_{"web_auth"}, qr_{"qr"};
  FakeCallback callback_;
};

TEST_F(TelegramBotTest, CommandGetsItsArgumentAndTheReplyGoesToTheChat) {
  v1::TelegramBotCall reply = Reply(TextUpdate(1, "/login  ABC-123 "));
  EXPECT_EQ(reply.method(), "sendMessage");
  EXPECT_EQ(reply.chat_id(), 100000001);
  EXPECT_EQ(reply.text(), "login: ABC-123");
}

TEST_F(TelegramBotTest, CommandAddressedToThisBotInAnyCaseIsRouted) {
  EXPECT_EQ(Reply(TextUpdate(1, "/Login@TgAuth_Test_Bot ABC")).text(), "login: ABC");
  EXPECT_TRUE(Ignored(TextUpdate(2, "/login@other_bot ABC")));
  EXPECT_THAT(login_.arguments, ::testing::ElementsAre("ABC"));
}

TEST_F(TelegramBotTest, UnknownCommandsAndChatterAreIgnored) {
  EXPECT_TRUE(Ignored(TextUpdate(1, "/help")));
  EXPECT_TRUE(Ignored(TextUpdate(2, "login ABC")));
  EXPECT_TRUE(login_.arguments.empty());
}

TEST_F(TelegramBotTest, StartPayloadGoesToTheLongestMatchingPrefix) {
  EXPECT_EQ(Reply(TextUpdate(1, "/start invite_XYZ")).text(), "invite: XYZ");
  EXPECT_EQ(Reply(TextUpdate(2, "/start web_auth")).text(), "web_auth: ");
  EXPECT_EQ(Reply(TextUpdate(3, "/start@tgauth_test_bot AbCd_-09")).text(), "qr: AbCd_-09");
}

TEST_F(TelegramBotTest, StartWithoutPayloadGreetsAndPointsToTheSite) {
  v1::TelegramBotCall reply = Reply(TextUpdate(1, "/start"));
  EXPECT_EQ(reply.chat_id(), 100000001);
  EXPECT_THAT(reply.text(), HasSubstr("Hi Ada! To sign in, open https://example.com"));
  EXPECT_TRUE(qr_.arguments.empty());
}

TEST_F(TelegramBotTest, GreetingAndStaleButtonsAreInTheSendersLanguage) {
  int64_t update_id = 0;
  for (const auto& [language_code, text] :
       std::vector<std::pair<std::string, const BotText*>>{
           {"ru-RU", &kRussianBotText}, {"en-US", &kEnglishBotText}, {"", &kEnglishBotText}}) {
    SCOPED_TRACE(language_code);
    v1::TelegramUpdate start = TextUpdate(++update_id, "/start");
    start.mutable_message()->mutable_from()->set_language_code(language_code);
    EXPECT_EQ(Reply(start).text(), absl::Substitute(text->greeting, "Ada", "https://example.com"));
    v1::TelegramUpdate press = PressUpdate(++update_id, "gone:1");
    press.mutable_callback_query()->mutable_from()->set_language_code(language_code);
    EXPECT_EQ(Reply(press).text(), text->button_gone);
  }
}

TEST_F(TelegramBotTest, UpdatesThatAreNotPrivateCommandsFromPeopleAreIgnored) {
  v1::TelegramUpdate group = TextUpdate(1, "/login A");
  group.mutable_message()->mutable_chat()->set_type("group");
  v1::TelegramUpdate from_bot = TextUpdate(2, "/login A");
  from_bot.mutable_message()->mutable_from()->set_is_bot(true);
  v1::TelegramUpdate edited;
  edited.set_update_id(3);
  *edited.mutable_edited_message() = TextUpdate(3, "/login A").message();
  v1::TelegramUpdate press_by_bot = PressUpdate(4, "x:1");
  press_by_bot.mutable_callback_query()->mutable_from()->set_is_bot(true);
  for (const auto& update : {group, from_bot, edited, press_by_bot}) {
    EXPECT_TRUE(Ignored(update)) << update.update_id();
  }
  EXPECT_TRUE(login_.arguments.empty());
  EXPECT_TRUE(callback_.arguments.empty());
}

TEST_F(TelegramBotTest, PressGoesToItsPrefixAndIsAnsweredAsACallbackQuery) {
  v1::TelegramBotCall answer = Reply(PressUpdate(1, "x:ok:abc"));
  EXPECT_EQ(answer.method(), "answerCallbackQuery");
  EXPECT_EQ(answer.callback_query_id(), "q-17");
  EXPECT_EQ(answer.text(), "pressed");
  EXPECT_THAT(callback_.arguments, ::testing::ElementsAre("ok:abc"));
  EXPECT_EQ(callback_.presser, 100000001);
}

TEST_F(TelegramBotTest, PressOfAnUnknownButtonIsStillAnswered) {
  for (const std::string data : {"y:1", "no-prefix", ""}) {
    v1::TelegramBotCall answer = Reply(PressUpdate(data.size() + 1, data));
    EXPECT_EQ(answer.method(), "answerCallbackQuery") << data;
    EXPECT_EQ(answer.callback_query_id(), "q-17");
    EXPECT_THAT(answer.text(), HasSubstr("no longer works"));
  }
  EXPECT_TRUE(callback_.arguments.empty());
}

TEST_F(TelegramBotTest, RedeliveredMessageAndPressAreProcessedOnceAndAnsweredAgain) {
  v1::TelegramUpdate command = TextUpdate(77, "/login A");
  v1::TelegramUpdate press = PressUpdate(78, "x:1");
  const v1::TelegramBotCall first_reply = Reply(command);
  const v1::TelegramBotCall first_answer = Reply(press);
  // Telegram redelivers only what it did not see answered: the first reply
  // was lost, so the same one goes again, without handling the update again.
  EXPECT_TRUE(MessageDifferencer::Equals(Reply(command), first_reply));
  EXPECT_TRUE(MessageDifferencer::Equals(Reply(press), first_answer));
  EXPECT_EQ(login_.arguments.size(), 1u);
  EXPECT_EQ(callback_.arguments.size(), 1u);
}

TEST_F(TelegramBotTest, RedeliveryToARestartedServerGetsTheReplyTheKilledOneMade) {
  const v1::TelegramUpdate update = TextUpdate(83, "/login A");
  const v1::TelegramBotCall lost = Reply(update);  // Killed before it reached Telegram.
  TelegramBot restarted{{.bot_username = "tgauth_test_bot"}, ledger_, clock_};
  FakeCommand login{"login"};
  restarted.AddCommand("login", login);
  absl::StatusOr<std::optional<v1::TelegramBotCall>> again = restarted.HandleUpdate(update);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(again->has_value());
  EXPECT_TRUE(MessageDifferencer::Equals(**again, lost));
  EXPECT_TRUE(login.arguments.empty());
}

TEST_F(TelegramBotTest, ReplyWithASecretIsNotKeptAndARedeliveryGetsAFreshOne) {
  login_.secret = true;
  const v1::TelegramUpdate update = TextUpdate(84, "/login A");
  const std::string first_link = LinkIn(Reply(update));
  absl::StatusOr<storage::ClaimResult> record = ledger_.Claim(84, absl::Seconds(1));
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->claim, storage::UpdateClaim::kProcessed);
  EXPECT_EQ(record->reply, "");  // Nothing at rest, least of all the link.

  const v1::TelegramBotCall again = Reply(update);
  EXPECT_EQ(again.text(), "login: A");
  const std::string second_link = LinkIn(again);
  EXPECT_THAT(second_link, HasSubstr("token=secret-"));
  EXPECT_NE(second_link, first_link);
}

TEST_F(TelegramBotTest, RedeliveryWhileTheFirstDeliveryIsInFlightAsksTelegramToRetry) {
  ASSERT_EQ(ledger_.Claim(79, absl::Seconds(30))->claim, storage::UpdateClaim::kClaimed);
  EXPECT_EQ(bot_.HandleUpdate(PressUpdate(79, "x:1")).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(callback_.arguments.empty());
}

TEST_F(TelegramBotTest, RedeliveryAfterTheProcessCrashedMidUpdateIsHandledWithinSeconds) {
  // What a process killed while handling update 81 leaves behind: its claim,
  // which nobody renews or releases any more.
  ASSERT_EQ(ledger_.Claim(81, TelegramBotOptions().update_lease)->claim, storage::UpdateClaim::kClaimed);
  clock_.Advance(absl::Seconds(6));
  EXPECT_EQ(Reply(TextUpdate(81, "/login A")).text(), "login: A");
}

TEST_F(TelegramBotTest, LongProcessingKeepsItsClaimSoARedeliveryMeanwhileIsRefused) {
  const v1::TelegramUpdate update = TextUpdate(82, "/login A");
  absl::Status meanwhile;
  login_.while_handling = [&] {
    for (int second = 0; second < 60; ++second) clock_.Advance(absl::Seconds(1));
    meanwhile = bot_.HandleUpdate(update).status();
  };
  EXPECT_EQ(Reply(update).text(), "login: A");
  EXPECT_EQ(meanwhile.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(meanwhile.message(), HasSubstr("being processed"));
  EXPECT_EQ(login_.arguments.size(), 1u);
}

TEST_F(TelegramBotTest, UpdateWithoutUpdateIdIsInvalidArgumentAndNeverDeDuplicated) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::StatusOr<std::optional<v1::TelegramBotCall>> reply =
        bot_.HandleUpdate(TextUpdate(0, "/login A"));
    EXPECT_EQ(reply.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(reply.status().message(), HasSubstr("update_id is required"));
  }
  EXPECT_EQ(bot_.HandleUpdate(TextUpdate(-5, "/login A")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(login_.arguments.empty());
  EXPECT_EQ(ledger_.Claim(0, absl::Seconds(30))->claim,
            storage::UpdateClaim::kClaimed);  // Never recorded.
}

TEST_F(TelegramBotTest, HandlerFailureFailsTheUpdateSoTelegramRedeliversIt) {
  login_.fail_with = absl::UnavailableError("database unavailable");
  v1::TelegramUpdate update = TextUpdate(80, "/login A");
  EXPECT_EQ(bot_.HandleUpdate(update).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Reply(update).text(), "login: A");  // The redelivery is processed.
}

class RecordingUpdateListener final : public UpdateListener {
 public:
  void OnUpdate(UpdateKind kind, UpdateOutcome outcome) override {
    heard.emplace_back(kind, outcome);
  }
  std::vector<std::pair<UpdateKind, UpdateOutcome>> heard;
};

TEST_F(TelegramBotTest, EachUpdateIsToldItsKindAndOutcome) {
  RecordingUpdateListener listener;
  bot_.AddListener(listener);
  login_.fail_with = absl::UnavailableError("database unavailable");
  EXPECT_FALSE(bot_.HandleUpdate(TextUpdate(90, "/login A")).ok());
  Reply(TextUpdate(90, "/login A"));                // Telegram's redelivery.
  Reply(TextUpdate(90, "/login A"));                // And a duplicate.
  EXPECT_TRUE(Ignored(TextUpdate(91, "hello")));
  Reply(PressUpdate(92, "x:1"));
  EXPECT_FALSE(bot_.HandleUpdate(TextUpdate(0, "/login A")).ok());
  v1::TelegramUpdate edited;
  edited.set_update_id(93);
  EXPECT_TRUE(Ignored(edited));
  using Heard = std::pair<UpdateKind, UpdateOutcome>;
  EXPECT_THAT(listener.heard,
              ::testing::ElementsAre(Heard{UpdateKind::kMessage, UpdateOutcome::kFailed},
                                     Heard{UpdateKind::kMessage, UpdateOutcome::kHandled},
                                     Heard{UpdateKind::kMessage, UpdateOutcome::kDuplicate},
                                     Heard{UpdateKind::kMessage, UpdateOutcome::kIgnored},
                                     Heard{UpdateKind::kCallbackQuery, UpdateOutcome::kHandled},
                                     Heard{UpdateKind::kMessage, UpdateOutcome::kInvalid},
                                     Heard{UpdateKind::kOther, UpdateOutcome::kIgnored}));
}

// With RefuseBlockedUsers: a blocked sender's commands and presses get the
// refusal and never reach a handler; others are routed as before.
class BlockedSenderTest : public TelegramBotTest {
 protected:
  void SetUp() override {
    TelegramBotTest::SetUp();
    bot_.RefuseBlockedUsers(blocked_);
    absl::StatusOr<storage::UserRecord> ada =
        users_.Insert({.telegram_id = 100000001, .first_name = "Ada"}, clock_.Now());
    ASSERT_TRUE(ada.ok());
    ada_id_ = ada->id;
    ASSERT_TRUE(blocked_.Reload().ok());
  }
  // Blocks Ada in the store, as an operator on another replica would, and
  // lets this replica's set reload.
  void Block() {
    ASSERT_TRUE(admin_.Block(ada_id_, "spam", clock_.Now()).ok());
    ASSERT_TRUE(blocked_.Reload().ok());
  }

  storage::InMemoryUserStore users_;
  storage::InMemorySessionStore sessions_{users_};
  storage::InMemoryInviteStore invites_{users_};
  storage::InMemoryUserAdminStore admin_{users_, sessions_, invites_};
  BlockedAccounts blocked_{{}, admin_, clock_};
  std::string ada_id_;
};

TEST_F(BlockedSenderTest, BlockedSendersCommandsAndPressesAreRefusedBeforeTheirHandler) {
  EXPECT_EQ(Reply(TextUpdate(1, "/login ABC")).text(), "login: ABC");  // Not blocked yet.
  Block();
  for (const char* text : {"/login ABC", "/start TOKEN", "/start web_auth", "/start invite_X"}) {
    static int64_t update_id = 10;
    v1::TelegramBotCall reply = Reply(TextUpdate(++update_id, text));
    EXPECT_EQ(reply.method(), "sendMessage") << text;
    EXPECT_EQ(reply.chat_id(), 100000001) << text;
    EXPECT_EQ(reply.text(), kEnglishBotText.account_blocked) << text;
  }
  v1::TelegramBotCall answer = Reply(PressUpdate(20, "x:confirm"));
  EXPECT_EQ(answer.method(), "answerCallbackQuery");
  EXPECT_EQ(answer.text(), kEnglishBotText.account_blocked);
  EXPECT_TRUE(answer.show_alert());
  EXPECT_THAT(login_.arguments, ::testing::ElementsAre("ABC"));
  EXPECT_TRUE(qr_.arguments.empty());
  EXPECT_TRUE(web_auth_.arguments.empty());
  EXPECT_TRUE(invite_.arguments.empty());
  EXPECT_TRUE(callback_.arguments.empty());
}

// A QR login's scan and Confirm press each ask whether the sender is
// blocked: the answer comes from memory, so neither costs a store read
// (the sign-in's one PostgreSQL transaction is the login's only one), and
// an unreachable store holds no scan up.
TEST_F(BlockedSenderTest, TheCheckReadsNoStore) {
  Block();
  users_.FailNextCalls(absl::UnavailableError("database unavailable"));
  EXPECT_EQ(Reply(TextUpdate(1, "/login ABC")).text(), kEnglishBotText.account_blocked);
  EXPECT_EQ(Reply(PressUpdate(2, "x:confirm")).text(), kEnglishBotText.account_blocked);
  v1::TelegramUpdate other = TextUpdate(3, "/login DEF");
  other.mutable_message()->mutable_from()->set_id(100000002);
  EXPECT_EQ(Reply(other).text(), "login: DEF");
}

TEST_F(BlockedSenderTest, AnUnblockReachesTheBotWithTheNextReload) {
  Block();
  ASSERT_TRUE(admin_.Unblock(ada_id_, clock_.Now()).ok());
  EXPECT_EQ(Reply(TextUpdate(1, "/login ABC")).text(), kEnglishBotText.account_blocked);
  ASSERT_TRUE(blocked_.Reload().ok());
  EXPECT_EQ(Reply(TextUpdate(2, "/login ABC")).text(), "login: ABC");
}

TEST_F(BlockedSenderTest, TheRefusalIsInTheSendersLanguage) {
  Block();
  v1::TelegramUpdate update = TextUpdate(1, "/login ABC");
  update.mutable_message()->mutable_from()->set_language_code("ru");
  EXPECT_EQ(Reply(update).text(), kRussianBotText.account_blocked);
}

TEST_F(BlockedSenderTest, UnknownSendersAreRouted) {
  v1::TelegramUpdate update = TextUpdate(1, "/login ABC");
  update.mutable_message()->mutable_from()->set_id(100000002);
  EXPECT_EQ(Reply(update).text(), "login: ABC");
}

}  // namespace
}  // namespace tgauth
