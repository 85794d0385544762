// The bot's login link and invite code commands, on BotCommand directly
// (the bot's dispatch routes `/start web_auth`, `/login` and
// `/start invite_<CODE>` to them).
#include "absl/strings/substitute.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/bot/bot_text.h"
#include "server/signin/invite_command.h"
#include "server/signin/login_link_command.h"
#include "tests/server/signin/sign_in_test_harness.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int64_t kChatId = 100000001;
constexpr char kCallback[] = "https://example.com/auth/telegram/callback?token=";

v1::TelegramMessage MessageFrom(int64_t telegram_id = 100000001,
                                const std::string& first_name = "Ada") {
  v1::TelegramMessage message;
  message.set_message_id(7);
  message.mutable_chat()->set_id(kChatId);
  message.mutable_chat()->set_type("private");
  message.mutable_from()->set_id(telegram_id);
  message.mutable_from()->set_first_name(first_name);
  message.mutable_from()->set_username("ada_l");
  return message;
}

class SignInCommandsTest : public ::testing::Test {
 protected:
  // The URL of the reply's single button; "" if it has none.
  static std::string ButtonUrl(const v1::TelegramBotCall& reply) {
    if (reply.reply_markup().inline_keyboard_size() != 1 ||
        reply.reply_markup().inline_keyboard(0).buttons_size() != 1) {
      return "";
    }
    return reply.reply_markup().inline_keyboard(0).buttons(0).url();
  }

  // Signs in with the link in `reply`, as the callback page would.
  absl::StatusOr<SignIn> FollowLink(const v1::TelegramBotCall& reply) {
    std::string url = ButtonUrl(reply);
    EXPECT_THAT(url, StartsWith(kCallback));
    return h_.sign_in->WithLoginLink(url.substr(std::string(kCallback).size()), {});
  }

  v1::TelegramBotCall Login(const std::string& argument,
                            const v1::TelegramMessage& message = MessageFrom()) {
    absl::StatusOr<v1::TelegramBotCall> reply = invite_.Handle(argument, message);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : v1::TelegramBotCall();
  }

  testing::SignInTestHarness h_;
  LoginLinkCommand login_link_{*h_.links};
  InviteCommand invite_{*h_.invites, *h_.links};
};

TEST_F(SignInCommandsTest, StartWebAuthRepliesWithAOneTimeLoginButton) {
  absl::StatusOr<v1::TelegramBotCall> reply = login_link_.Handle("", MessageFrom());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->method(), "sendMessage");
  EXPECT_EQ(reply->chat_id(), kChatId);
  EXPECT_EQ(reply->text(),
            "Tap the button to sign in to https://example.com as Ada. It works once, within 5 "
            "minutes. Do not forward it: whoever opens it can sign in as you.");
  EXPECT_EQ(reply->reply_markup().inline_keyboard(0).buttons(0).text(), "Sign in");
  absl::StatusOr<SignIn> signed_in = FollowLink(*reply);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_EQ(signed_in->user.profile.telegram_id, 100000001);
  EXPECT_EQ(signed_in->user.profile.username, "ada_l");
  EXPECT_EQ(h_.SessionsOf(signed_in->user.id)[0].sign_in_method, "login_link");
}

TEST_F(SignInCommandsTest, LinksAndInviteAnswersAreInTheSendersLanguage) {
  int64_t telegram_id = 100000010;
  for (const auto& [language_code, text] :
       std::vector<std::pair<std::string, const BotText*>>{{"ru", &kRussianBotText},
                                                           {"en-GB", &kEnglishBotText},
                                                           {"", &kEnglishBotText}}) {
    SCOPED_TRACE(language_code);
    const BotText& say = *text;
    v1::TelegramMessage message = MessageFrom(++telegram_id);  // A budget of attempts each.
    message.mutable_from()->set_language_code(language_code);
    absl::StatusOr<v1::TelegramBotCall> link = login_link_.Handle("", message);
    ASSERT_TRUE(link.ok()) << link.status();
    EXPECT_EQ(link->text(), absl::Substitute(say.login_link, "https://example.com", "Ada",
                                             say.lifetime(absl::Minutes(5))));
    EXPECT_EQ(link->reply_markup().inline_keyboard(0).buttons(0).text(), say.sign_in_button);
    EXPECT_EQ(Login("", message).text(), say.invite_usage);
    EXPECT_EQ(Login("NOSUCHCODE", message).text(), say.invite_unknown);
    const v1::TelegramBotCall accepted = Login(h_.CreateCode(), message);
    EXPECT_THAT(accepted.text(), StartsWith(absl::Substitute(say.invite_accepted, "")));
    EXPECT_THAT(accepted.text(), HasSubstr(absl::Substitute(
                                     say.invite_login_link, "https://example.com",
                                     say.lifetime(absl::Minutes(5)))));
  }
}

TEST_F(SignInCommandsTest, EachStartWebAuthMakesADifferentLink) {
  EXPECT_NE(ButtonUrl(*login_link_.Handle("", MessageFrom())),
            ButtonUrl(*login_link_.Handle("", MessageFrom())));
}

TEST_F(SignInCommandsTest, LinkStoreOutageIsReturnedSoTelegramRedelivers) {
  h_.link_store.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_EQ(login_link_.Handle("", MessageFrom()).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(SignInCommandsTest, LoginWithoutACodeExplainsTheCommand) {
  v1::TelegramBotCall reply = Login("  ");
  EXPECT_THAT(reply.text(), StartsWith("Send /login followed by your invite code"));
  EXPECT_EQ(ButtonUrl(reply), "");
}

TEST_F(SignInCommandsTest, LoginWithAValidCodeActivatesTheTierAndSendsALink) {
  const std::string code = h_.CreateCode();
  v1::TelegramBotCall reply = Login(code);
  EXPECT_EQ(reply.text(),
            "Invite code accepted. Your Premium subscription is active until 2027-02-14 08:00 "
            "UTC.\n\nTap the button to sign in to https://example.com. It works once, within 5 "
            "minutes. Do not forward it: whoever opens it can sign in as you.");
  absl::StatusOr<SignIn> signed_in = FollowLink(reply);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_EQ(signed_in->user.subscription.tier, "Premium");
  EXPECT_EQ(h_.ClaimsOf(signed_in->session.access_token).subscription_tier, "Premium");
}

TEST_F(SignInCommandsTest, TierWithoutExpirySaysNoDate) {
  v1::TelegramBotCall reply = Login(h_.CreateCode({.tier = "Founder"}));
  EXPECT_THAT(reply.text(), StartsWith("Invite code accepted. Your Founder subscription is "
                                       "active.\n\n"));
}

TEST_F(SignInCommandsTest, StartPayloadFormWorksLikeLogin) {
  // `/start invite_<CODE>` reaches the same command with the code as argument.
  const std::string code = h_.CreateCode();
  EXPECT_FALSE(ButtonUrl(Login(code)).empty());
}

TEST_F(SignInCommandsTest, RepeatedLoginWithTheSameCodeSendsAnotherLink) {
  const std::string code = h_.CreateCode();
  Login(code);
  v1::TelegramBotCall again = Login(code);
  EXPECT_THAT(again.text(), StartsWith("You have already used this invite code. Your Premium"));
  EXPECT_TRUE(FollowLink(again).ok());
}

TEST_F(SignInCommandsTest, UnknownExpiredOrUsedUpCodesAreExplainedAndChangeNothing) {
  EXPECT_EQ(Login("NOSUCHCODE42").text(),
            "This invite code does not exist. Check it and send /login <code> again.");
  const std::string used = h_.CreateCode();
  Login(used);
  EXPECT_EQ(Login(used, MessageFrom(42, "Grace")).text(),
            "This invite code has already been used up. Ask for a new one.");
  const std::string expiring =
      h_.CreateCode({.tier = "Premium", .expires_at = h_.qr.clock.Now() + absl::Minutes(1)});
  h_.qr.clock.Advance(absl::Minutes(1));
  v1::TelegramBotCall expired = Login(expiring, MessageFrom(42, "Grace"));
  EXPECT_EQ(expired.text(), "This invite code has expired. Ask for a new one.");
  EXPECT_EQ(ButtonUrl(expired), "");
  EXPECT_TRUE(absl::IsNotFound(h_.qr.users.FindByTelegramId(42).status()));
}

TEST_F(SignInCommandsTest, TooManyAttemptsAreExplained) {
  for (int i = 0; i < 10; ++i) Login("GUESS" + std::to_string(100000 + i));
  EXPECT_EQ(Login(h_.CreateCode()).text(), "Too many invite code attempts. Try again in an hour.");
}

TEST_F(SignInCommandsTest, StoreOutageIsReturnedSoTelegramRedelivers) {
  const std::string code = h_.CreateCode();
  h_.invite_store.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(invite_.Handle(code, MessageFrom()).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(Login(code).text(), StartsWith("Invite code accepted."));
}

}  // namespace
}  // namespace tgauth
