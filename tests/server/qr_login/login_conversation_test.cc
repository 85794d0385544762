// The QR login's conversation through TelegramBot, wired as in the server:
// the confirmation request, every press and refusal, match codes, and the
// edits sent through the BotApi. In-memory stores and a fake clock.
#include "server/qr_login/login_conversation.h"

#include <set>

#include "absl/strings/substitute.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/bot/bot_text.h"
#include "server/bot/telegram_bot.h"
#include "server/qr_login/match_code.h"
#include "storage/memory/in_memory_update_ledger.h"
#include "tests/server/bot/recording_bot_api.h"
#include "tests/server/qr_login/login_test_harness.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr int64_t kAda = 100000001;
constexpr int64_t kMallory = 100000666;
constexpr int64_t kRequestMessageId = 555;  // Telegram's id of the bot's request.
constexpr absl::string_view kSite = "https://example.com";
// Create()'s browser, as the bot describes it.
constexpr absl::string_view kBrowser = "Chrome on Windows";
constexpr absl::string_view kDevice = "Chrome on Windows (198.51.100.4)";

// Telegram's language_code values and the bot text each must get.
struct LanguageCase {
  std::string language_code;
  const BotText* text;
};
std::vector<LanguageCase> LanguageCases() {
  return {{"ru", &kRussianBotText}, {"ru-RU", &kRussianBotText}, {"en", &kEnglishBotText},
          {"en-US", &kEnglishBotText}, {"", &kEnglishBotText},    {"de", &kEnglishBotText}};
}

class LoginConversationTest : public ::testing::Test {
 protected:
  explicit LoginConversationTest(LoginOptions options = testing::TestLoginOptions())
      : h_(std::move(options)) {
    bot_.AddStartPayload("", conversation_);
    bot_.AddCallback(std::string(LoginConversation::kCallbackPrefix), conversation_);
  }

  NewLogin Create(const std::string& time_zone = "") {
    absl::StatusOr<NewLogin> login =
        h_.broker->Create({.user_agent = "Mozilla/5.0 (Windows NT 10.0) Chrome/120 Safari/537",
                           .ip_address = "198.51.100.4",
                           .time_zone = time_zone});
    EXPECT_TRUE(login.ok()) << login.status();
    return login.ok() ? *login : NewLogin();
  }

  absl::StatusOr<std::optional<v1::TelegramBotCall>> Deliver(const v1::TelegramUpdate& update) {
    return bot_.HandleUpdate(update);
  }

  v1::TelegramBotCall ReplyTo(const v1::TelegramUpdate& update) {
    auto reply = Deliver(update);
    EXPECT_TRUE(reply.ok() && reply->has_value()) << reply.status();
    return reply.ok() && reply->has_value() ? **reply : v1::TelegramBotCall();
  }

  v1::TelegramUpdate ScanUpdate(const std::string& login_token, int64_t who = kAda) {
    v1::TelegramUpdate update;
    update.set_update_id(++update_id_);
    v1::TelegramMessage* message = update.mutable_message();
    message->set_message_id(7);
    message->set_text("/start " + login_token);
    message->mutable_chat()->set_id(who);
    message->mutable_chat()->set_type("private");
    message->mutable_from()->set_id(who);
    message->mutable_from()->set_first_name(who == kAda ? "Ada" : "Mallory");
    message->mutable_from()->set_language_code(language_code_);
    return update;
  }

  v1::TelegramUpdate PressUpdate(const std::string& data, int64_t who = kAda) {
    v1::TelegramUpdate update;
    update.set_update_id(++update_id_);
    v1::TelegramCallbackQuery* query = update.mutable_callback_query();
    query->set_id(absl::StrCat("query-", update_id_));
    query->set_data(data);
    query->mutable_from()->set_id(who);
    query->mutable_from()->set_first_name(who == kAda ? "Ada" : "Mallory");
    query->mutable_from()->set_language_code(language_code_);
    query->mutable_message()->set_message_id(kRequestMessageId);
    query->mutable_message()->mutable_chat()->set_id(who);
    return update;
  }

  v1::TelegramBotCall Scan(const NewLogin& login, int64_t who = kAda) {
    return ReplyTo(ScanUpdate(login.login_token, who));
  }
  v1::TelegramBotCall Press(const std::string& data, int64_t who = kAda) {
    return ReplyTo(PressUpdate(data, who));
  }

  // The callback_data of the request's button labelled `text`.
  static std::string ButtonData(const v1::TelegramBotCall& request, const std::string& text) {
    for (const auto& row : request.reply_markup().inline_keyboard()) {
      for (const auto& button : row.buttons()) {
        if (button.text() == text) return button.callback_data();
      }
    }
    ADD_FAILURE() << "no button '" << text << "' in " << request.ShortDebugString();
    return "";
  }

  PollState StateOf(const NewLogin& login) {
    absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->state : PollState::kPending;
  }

  testing::LoginTestHarness h_;
  testing::RecordingBotApi bot_api_;
  storage::InMemoryUpdateLedger ledger_{h_.clock};
  LoginConversation conversation_{"https://example.com", *h_.broker, bot_api_};
  TelegramBot bot_{
      {.bot_username = "tgauth_test_bot", .site_url = "https://example.com"}, ledger_, h_.clock};
  int64_t update_id_ = 1000;
  std::string language_code_;  // Of every update's sender.
};

TEST_F(LoginConversationTest, EveryMessageIsInTheScannersLanguage) {
  for (const auto& [language_code, text] : LanguageCases()) {
    SCOPED_TRACE(language_code);
    const BotText& say = *text;
    language_code_ = language_code;
    bot_api_.Clear();

    NewLogin confirmed = Create();
    v1::TelegramBotCall request = Scan(confirmed);
    EXPECT_THAT(request.text(), HasSubstr(absl::Substitute(say.confirm_request, kSite, kBrowser)));
    EXPECT_THAT(request.text(), HasSubstr(absl::Substitute(say.ip_address_line, "198.51.100.4")));
    EXPECT_THAT(request.text(), HasSubstr(absl::Substitute(say.time_line, "2027-01-15")));
    EXPECT_THAT(request.text(), HasSubstr(say.confirm_advice));
    const std::string confirm = ButtonData(request, std::string(say.confirm_button));
    EXPECT_EQ(Press(confirm).text(), say.pressed_confirm);
    EXPECT_EQ(bot_api_.Calls("editMessageText").at(0).text(),
              absl::Substitute(say.edited_confirmed, kSite, kDevice));
    EXPECT_EQ(Press(confirm).text(), say.already_confirmed);
    EXPECT_EQ(Scan(confirmed).text(), say.already_confirmed);

    NewLogin denied = Create();
    request = Scan(denied);
    const std::string deny = ButtonData(request, std::string(say.deny_button));
    const std::string key = deny.substr(deny.rfind(':') + 1);
    EXPECT_EQ(Press(ButtonData(request, std::string(say.confirm_button)), kMallory).text(),
              say.not_the_scanner);
    EXPECT_EQ(Press(deny).text(), say.pressed_deny);
    EXPECT_EQ(bot_api_.Calls("editMessageText").at(1).text(),
              absl::Substitute(say.edited_denied, kSite, kDevice));
    EXPECT_EQ(Press(deny).text(), say.already_denied);
    EXPECT_EQ(Scan(denied).text(), absl::Substitute(say.you_denied, kSite));
    EXPECT_EQ(Press("login:maybe:" + key).text(), say.button_gone);

    NewLogin wrong_code = Create();
    const std::string wrong_key = ButtonData(Scan(wrong_code), std::string(say.deny_button));
    EXPECT_EQ(Press("login:42:" + wrong_key.substr(wrong_key.rfind(':') + 1)).text(),
              say.pressed_wrong_code);
    EXPECT_EQ(bot_api_.Calls("editMessageText").at(2).text(),
              absl::Substitute(say.edited_wrong_code,
                               absl::Substitute(say.wrong_code_picked, "42"), kSite, kDevice));

    NewLogin expired = Create();
    const std::string late = ButtonData(Scan(expired), std::string(say.confirm_button));
    h_.clock.Advance(absl::Minutes(6));
    EXPECT_EQ(Press(late).text(), say.request_expired);
    EXPECT_EQ(Scan(expired).text(), absl::Substitute(say.login_link_expired, kSite));
  }
}

TEST_F(LoginConversationTest, ScanAsksToConfirmShowingTheBrowserAddressAndLocalTime) {
  NewLogin login = Create("Europe/Berlin");  // The fake clock's start is 08:00 UTC in January.
  v1::TelegramBotCall request = Scan(login);
  EXPECT_EQ(request.method(), "sendMessage");
  EXPECT_EQ(request.chat_id(), kAda);
  EXPECT_THAT(request.text(), HasSubstr("Sign in to https://example.com?"));
  EXPECT_THAT(request.text(), HasSubstr("Device: Chrome on Windows\n"));
  EXPECT_THAT(request.text(), HasSubstr("IP address: 198.51.100.4\n"));
  EXPECT_THAT(request.text(), HasSubstr("Time: 2027-01-15 09:00 (Europe/Berlin)"));
  for (const std::string button : {"Confirm", "Deny"}) {
    const std::string data = ButtonData(request, button);
    EXPECT_LE(data.size(), 64u);
    EXPECT_THAT(data, Not(HasSubstr(login.login_token)));
  }
  EXPECT_EQ(StateOf(login), PollState::kScanned);
  EXPECT_THAT(h_.published, SizeIs(1));  // The browser's poll sees SCANNED at once.
}

TEST_F(LoginConversationTest, ALoginForAnOAuthAppNamesTheAppInTheRequestAndItsOutcome) {
  absl::StatusOr<NewLogin> login = h_.broker->Create(
      {.user_agent = "Mozilla/5.0 (Windows NT 10.0) Chrome/120 Safari/537"}, "Acme Shop");
  ASSERT_TRUE(login.ok()) << login.status();
  v1::TelegramBotCall request = Scan(*login);
  EXPECT_THAT(request.text(),
              HasSubstr("Sign in to Acme Shop through https://example.com?\n\nDevice: Chrome"));
  Press(ButtonData(request, "Confirm"));
  ASSERT_THAT(bot_api_.Calls("editMessageText"), SizeIs(1));
  EXPECT_EQ(bot_api_.Calls("editMessageText")[0].text(),
            "You confirmed the sign-in to Acme Shop through https://example.com on Chrome on "
            "Windows.");

  language_code_ = "ru";
  absl::StatusOr<NewLogin> denied = h_.broker->Create({}, "Acme Shop");
  ASSERT_TRUE(denied.ok()) << denied.status();
  v1::TelegramBotCall russian = Scan(*denied);
  EXPECT_THAT(russian.text(), HasSubstr("Войти на Acme Shop через https://example.com?"));
}

TEST_F(LoginConversationTest, TimeIsInUtcWithoutAKnownTimeZone) {
  for (const std::string zone : {"", "Mars/Olympus_Mons"}) {
    EXPECT_THAT(Scan(Create(zone)).text(), HasSubstr("Time: 2027-01-15 08:00 (UTC)")) << zone;
  }
}

TEST_F(LoginConversationTest, ScanWritesNoUserUntilConfirmed) {
  NewLogin login = Create();
  Scan(login);
  EXPECT_TRUE(absl::IsNotFound(h_.users.FindByTelegramId(kAda).status()));
}

TEST_F(LoginConversationTest, ConfirmSignsTheBrowserInAndEditsTheRequest) {
  NewLogin login = Create();
  v1::TelegramBotCall answer = Press(ButtonData(Scan(login), "Confirm"));
  EXPECT_EQ(answer.method(), "answerCallbackQuery");
  EXPECT_THAT(answer.text(), HasSubstr("Signed in"));
  EXPECT_THAT(h_.published, SizeIs(2));

  std::vector<v1::TelegramBotCall> edits = bot_api_.Calls("editMessageText");
  ASSERT_THAT(edits, SizeIs(1));
  EXPECT_EQ(edits[0].chat_id(), kAda);
  EXPECT_EQ(edits[0].message_id(), kRequestMessageId);
  EXPECT_THAT(edits[0].text(), HasSubstr("You confirmed the sign-in to https://example.com"));
  EXPECT_FALSE(edits[0].has_reply_markup());  // The buttons go.

  absl::StatusOr<PollOutcome> outcome = h_.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->state, PollState::kConfirmed);
  EXPECT_EQ(outcome->user->profile.telegram_id, kAda);
  EXPECT_TRUE(outcome->session.has_value());
}

TEST_F(LoginConversationTest, DenyEndsTheLoginForGood) {
  NewLogin login = Create();
  v1::TelegramBotCall request = Scan(login);
  EXPECT_THAT(Press(ButtonData(request, "Deny")).text(), HasSubstr("Sign-in denied"));
  EXPECT_EQ(StateOf(login), PollState::kDenied);
  EXPECT_THAT(bot_api_.Calls("editMessageText")[0].text(), HasSubstr("You denied the sign-in"));
  // Final: a later Confirm changes nothing, even before expiry.
  EXPECT_THAT(Press(ButtonData(request, "Confirm")).text(), HasSubstr("already denied"));
  EXPECT_EQ(StateOf(login), PollState::kDenied);
  EXPECT_THAT(bot_api_.Calls("editMessageText"), SizeIs(1));
}

TEST_F(LoginConversationTest, SecondConfirmPressChangesNothing) {
  NewLogin login = Create();
  const std::string confirm = ButtonData(Scan(login), "Confirm");
  Press(confirm);
  EXPECT_THAT(Press(confirm).text(), HasSubstr("You already confirmed this sign-in"));
  EXPECT_THAT(bot_api_.Calls("editMessageText"), SizeIs(1));
  EXPECT_EQ(StateOf(login), PollState::kConfirmed);
}

TEST_F(LoginConversationTest, PressAfterExpiryChangesNothing) {
  NewLogin login = Create();
  const std::string confirm = ButtonData(Scan(login), "Confirm");
  h_.clock.Advance(absl::Minutes(5));
  EXPECT_THAT(Press(confirm).text(), HasSubstr("expired"));
  EXPECT_EQ(h_.logins.Get(LoginBroker::LoginKey(login.login_token))->state,
            storage::LoginState::kScanned);
  EXPECT_EQ(StateOf(login), PollState::kExpired);
  // Also once the login is forgotten altogether.
  h_.clock.Advance(absl::Hours(1));
  EXPECT_THAT(Press(confirm).text(), HasSubstr("expired"));
  EXPECT_THAT(bot_api_.Calls(), IsEmpty());
}

TEST_F(LoginConversationTest, PressByAnotherTelegramUserChangesNothing) {
  NewLogin login = Create();
  v1::TelegramBotCall request = Scan(login);
  for (const std::string button : {"Confirm", "Deny"}) {
    v1::TelegramBotCall answer = Press(ButtonData(request, button), kMallory);
    EXPECT_THAT(answer.text(), HasSubstr("Only the Telegram account that scanned the code"));
    EXPECT_TRUE(answer.show_alert());
  }
  EXPECT_EQ(StateOf(login), PollState::kScanned);
  EXPECT_TRUE(absl::IsNotFound(h_.users.FindByTelegramId(kMallory).status()));
  EXPECT_THAT(bot_api_.Calls(), IsEmpty());
}

TEST_F(LoginConversationTest, ScanOfAScannedLoginByAnotherUserIsRefused) {
  NewLogin login = Create();
  Scan(login);
  EXPECT_THAT(Scan(login, kMallory).text(), HasSubstr("expired or was already used"));
  // The scanner's request still works.
  EXPECT_THAT(Press(ButtonData(Scan(login), "Confirm")).text(), HasSubstr("Signed in"));
}

TEST_F(LoginConversationTest, ScanningAgainShowsTheRequestOrWhereItStands) {
  NewLogin login = Create();
  Scan(login);
  v1::TelegramBotCall again = Scan(login);
  EXPECT_THAT(again.text(), HasSubstr("Sign in to"));
  Press(ButtonData(again, "Confirm"));
  EXPECT_THAT(Scan(login).text(), HasSubstr("You already confirmed this sign-in"));
}

TEST_F(LoginConversationTest, ExpiredOrBogusLinkGetsAClearMessage) {
  NewLogin login = Create();
  h_.clock.Advance(absl::Minutes(6));
  for (const std::string& token : {login.login_token, std::string("not-a-token")}) {
    EXPECT_THAT(ReplyTo(ScanUpdate(token)).text(), HasSubstr("expired or was already used"));
  }
}

TEST_F(LoginConversationTest, ForgedOrMangledButtonsAreAnsweredAndChangeNothing) {
  NewLogin login = Create();
  const std::string confirm = ButtonData(Scan(login), "Confirm");
  const std::string key = confirm.substr(confirm.rfind(':') + 1);
  for (const std::string& data : std::vector<std::string>{
           "login:ok", "login:ok:short", "login:maybe:" + key, "login:ok:" + key + "AA"}) {
    EXPECT_THAT(Press(data).text(), HasSubstr("no longer works")) << data;
  }
  // A code pick on a login without match code denies it rather than confirming.
  EXPECT_THAT(Press("login:42:" + key).text(), HasSubstr("not the code"));
  EXPECT_EQ(StateOf(login), PollState::kDenied);
}

TEST_F(LoginConversationTest, PressWithoutItsMessageIsAnsweredWithoutAnEdit) {
  NewLogin login = Create();
  v1::TelegramUpdate press = PressUpdate(ButtonData(Scan(login), "Confirm"));
  press.mutable_callback_query()->clear_message();  // Too old for Telegram to include.
  EXPECT_THAT(ReplyTo(press).text(), HasSubstr("Signed in"));
  EXPECT_THAT(bot_api_.Calls(), IsEmpty());
}

TEST_F(LoginConversationTest, RedeliveredPressIsProcessedOnceAndAnsweredAgain) {
  NewLogin login = Create();
  v1::TelegramUpdate press = PressUpdate(ButtonData(Scan(login), "Confirm"));
  ReplyTo(press);
  EXPECT_THAT(ReplyTo(press).text(), HasSubstr("Signed in"));
  EXPECT_THAT(bot_api_.Calls("editMessageText"), SizeIs(1));
}

TEST_F(LoginConversationTest, RedeliveredScanGetsTheConfirmationRequestAgain) {
  NewLogin login = Create();
  const v1::TelegramUpdate scan = ScanUpdate(login.login_token);
  const v1::TelegramBotCall request = ReplyTo(scan);
  ASSERT_FALSE(ButtonData(request, "Confirm").empty());
  // The reply to the first delivery was lost (the server was killed after
  // recording the update): Telegram's redelivery gets the same buttons.
  EXPECT_EQ(ButtonData(ReplyTo(scan), "Confirm"), ButtonData(request, "Confirm"));
}

TEST_F(LoginConversationTest, StoreOutageFailsThePressSoTelegramRedeliversIt) {
  NewLogin login = Create();
  v1::TelegramUpdate press = PressUpdate(ButtonData(Scan(login), "Confirm"));
  h_.logins.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_EQ(Deliver(press).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(StateOf(login), PollState::kScanned);
  EXPECT_THAT(ReplyTo(press).text(), HasSubstr("Signed in"));
}

class DirectLoginTest : public LoginConversationTest {
 protected:
  static LoginOptions Options() {
    LoginOptions options = testing::TestLoginOptions();
    options.confirm_in_bot = false;
    return options;
  }
  DirectLoginTest() : LoginConversationTest(Options()) {}
};

TEST_F(DirectLoginTest, ScanConfirmsAtOnceAndSaysSoPlainly) {
  NewLogin login = Create();
  v1::TelegramBotCall reply = Scan(login);
  EXPECT_THAT(
      reply.text(),
      HasSubstr("You signed in to https://example.com on Chrome on Windows (198.51.100.4)"));
  EXPECT_FALSE(reply.has_reply_markup());
  EXPECT_EQ(StateOf(login), PollState::kConfirmed);
}

TEST_F(DirectLoginTest, SaysSoInTheScannersLanguage) {
  for (const auto& [language_code, text] : LanguageCases()) {
    SCOPED_TRACE(language_code);
    language_code_ = language_code;
    EXPECT_EQ(Scan(Create()).text(), absl::Substitute(text->signed_in_at_once, kSite, kDevice));
  }
}

class MatchCodeConversationTest : public LoginConversationTest {
 protected:
  static LoginOptions Options() {
    LoginOptions options = testing::TestLoginOptions();
    options.match_code = true;
    return options;
  }
  MatchCodeConversationTest() : LoginConversationTest(Options()) {}

  // The request's code buttons (the first row).
  static std::vector<std::string> Codes(const v1::TelegramBotCall& request) {
    std::vector<std::string> codes;
    for (const auto& button : request.reply_markup().inline_keyboard(0).buttons()) {
      codes.push_back(button.text());
    }
    return codes;
  }
};

TEST_F(MatchCodeConversationTest, RequestOffersTheRightCodeAmongTwoDecoysAndDeny) {
  NewLogin login = Create();
  ASSERT_TRUE(IsWellFormedMatchCode(login.match_code)) << login.match_code;
  v1::TelegramBotCall request = Scan(login);
  std::vector<std::string> codes = Codes(request);
  ASSERT_THAT(codes, SizeIs(3));
  EXPECT_THAT(codes, ::testing::Contains(login.match_code));
  EXPECT_THAT(std::set<std::string>(codes.begin(), codes.end()), SizeIs(3));
  EXPECT_THAT(request.text(), HasSubstr("pick the code your browser shows"));
  EXPECT_LE(ButtonData(request, codes[0]).size(), 64u);
  ButtonData(request, "Deny");
  for (const std::string& code : codes) EXPECT_NE(code, "Confirm");
}

TEST_F(MatchCodeConversationTest, ScanningAgainOffersTheSameThreeCodes) {
  // Decoys drawn anew on each scan would leave the right code as the one
  // that repeats.
  NewLogin login = Create();
  const std::vector<std::string> first = Codes(Scan(login));
  for (int scan = 0; scan < 5; ++scan) EXPECT_EQ(Codes(Scan(login)), first);
}

TEST_F(MatchCodeConversationTest, TheRightCodeConfirms) {
  NewLogin login = Create();
  EXPECT_THAT(Press(ButtonData(Scan(login), login.match_code)).text(), HasSubstr("Signed in"));
  EXPECT_EQ(StateOf(login), PollState::kConfirmed);
}

TEST_F(MatchCodeConversationTest, AWrongCodeDeniesAndSaysWhy) {
  NewLogin login = Create();
  v1::TelegramBotCall request = Scan(login);
  std::string wrong;
  for (const std::string& code : Codes(request)) {
    if (code != login.match_code) wrong = code;
  }
  v1::TelegramBotCall answer = Press(ButtonData(request, wrong));
  EXPECT_THAT(answer.text(), HasSubstr("not the code your browser shows"));
  EXPECT_TRUE(answer.show_alert());
  EXPECT_EQ(StateOf(login), PollState::kDenied);
  ASSERT_THAT(bot_api_.Calls("editMessageText"), SizeIs(1));
  EXPECT_THAT(bot_api_.Calls("editMessageText")[0].text(),
              HasSubstr("the code you picked (" + wrong + ") is not the one the browser showed"));
  // The right code cannot undo it.
  EXPECT_THAT(Press(ButtonData(request, login.match_code)).text(), HasSubstr("already denied"));
}

TEST_F(MatchCodeConversationTest, RequestAndAnswersAreInTheScannersLanguage) {
  for (const auto& [language_code, text] : LanguageCases()) {
    SCOPED_TRACE(language_code);
    language_code_ = language_code;
    bot_api_.Clear();
    NewLogin login = Create();
    v1::TelegramBotCall request = Scan(login);
    EXPECT_THAT(request.text(), HasSubstr(text->match_code_advice));
    EXPECT_EQ(Press(ButtonData(request, std::string(text->deny_button))).text(),
              text->pressed_deny);
  }
}

TEST_F(MatchCodeConversationTest, ABareConfirmDoesNotBypassTheCode) {
  NewLogin login = Create();
  const std::string deny = ButtonData(Scan(login), "Deny");
  const std::string key = deny.substr(deny.rfind(':') + 1);
  EXPECT_THAT(Press("login:ok:" + key).text(), HasSubstr("not the code"));
  EXPECT_EQ(StateOf(login), PollState::kDenied);
}

}  // namespace
}  // namespace tgauth
