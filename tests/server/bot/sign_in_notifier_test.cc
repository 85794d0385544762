// "New sign-in" notices: what is sent, and the "end this session" button.
#include "server/bot/sign_in_notifier.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/bot/bot_text.h"
#include "server/session/device_description.h"
#include "tests/server/bot/recording_bot_api.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr int64_t kAda = 100000001;
constexpr char kSessionId[] = "0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b";

struct RevokeCall {
  int64_t telegram_id;
  std::string session_id;
};

class SignInNotifierTest : public ::testing::Test {
 protected:
  SignInNotifier::RevokeSession Revoke() {
    return [this](int64_t telegram_id, const std::string& session_id) {
      revoked_.push_back({telegram_id, session_id});
      return revoke_status_;
    };
  }

  v1::TelegramCallbackQuery Press(const std::string& data, int64_t who = kAda) {
    v1::TelegramCallbackQuery query;
    query.set_id("q-1");
    query.set_data(data);
    query.mutable_from()->set_id(who);
    query.mutable_message()->set_message_id(321);
    query.mutable_message()->mutable_chat()->set_id(who);
    query.mutable_message()->set_text("New sign-in to https://example.com on Chrome.\n\nIf not...");
    return query;
  }

  // The argument TelegramBot hands over: callback_data after "session:".
  static std::string Argument(const std::string& data) { return data.substr(data.find(':') + 1); }

  FakeClock clock_;
  testing::RecordingBotApi bot_api_;
  std::vector<RevokeCall> revoked_;
  absl::Status revoke_status_;
  SignInNotifier notifier_{"https://example.com", bot_api_, Revoke(), clock_};
};

TEST_F(SignInNotifierTest, NoticeNamesTheDeviceAndCarriesTheEndSessionButton) {
  notifier_.OnSessionCreated({.telegram_id = kAda,
                              .session_id = kSessionId,
                              .device = {.user_agent = "Mozilla/5.0 (Macintosh; Mac OS X 14) "
                                                       "Firefox/121",
                                         .ip_address = "203.0.113.9",
                                         .time_zone = "Asia/Tokyo"},
                              .sign_in_method = "qr"});
  std::vector<v1::TelegramBotCall> sent = bot_api_.Calls("sendMessage");
  ASSERT_THAT(sent, SizeIs(1));
  EXPECT_EQ(sent[0].chat_id(), kAda);
  EXPECT_THAT(sent[0].text(), HasSubstr("New sign-in to https://example.com on Firefox on macOS "
                                        "(203.0.113.9) with a QR code, 2027-01-15 17:00 "
                                        "(Asia/Tokyo)"));
  ASSERT_EQ(sent[0].reply_markup().inline_keyboard_size(), 1);
  const auto& button = sent[0].reply_markup().inline_keyboard(0).buttons(0);
  EXPECT_EQ(button.text(), "Not me — end this session");
  EXPECT_EQ(button.callback_data(), std::string("session:end:") + kSessionId);
  EXPECT_LE(button.callback_data().size(), 64u);
}

TEST_F(SignInNotifierTest, WithoutARevokeFunctionTheNoticeHasNoButton) {
  SignInNotifier notifier("https://example.com", bot_api_, SignInNotifier::RevokeSession(), clock_);
  notifier.OnSessionCreated(
      {.telegram_id = kAda, .session_id = kSessionId, .sign_in_method = "widget"});
  ASSERT_THAT(bot_api_.Calls(), SizeIs(1));
  EXPECT_THAT(bot_api_.Calls()[0].text(), HasSubstr("with the Telegram Login Widget"));
  EXPECT_FALSE(bot_api_.Calls()[0].has_reply_markup());
}

TEST_F(SignInNotifierTest, PressByTheOwnerEndsTheSessionAndEditsTheNotice) {
  absl::StatusOr<v1::TelegramBotCall> answer =
      notifier_.HandlePress(Argument(std::string("session:end:") + kSessionId),
                            Press(std::string("session:end:") + kSessionId));
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->method(), "answerCallbackQuery");
  EXPECT_EQ(answer->callback_query_id(), "q-1");
  EXPECT_THAT(answer->text(), HasSubstr("Session ended"));
  ASSERT_THAT(revoked_, SizeIs(1));
  EXPECT_EQ(revoked_[0].telegram_id, kAda);
  EXPECT_EQ(revoked_[0].session_id, kSessionId);
  std::vector<v1::TelegramBotCall> edits = bot_api_.Calls("editMessageText");
  ASSERT_THAT(edits, SizeIs(1));
  EXPECT_EQ(edits[0].message_id(), 321);
  EXPECT_EQ(edits[0].text(),
            "New sign-in to https://example.com on Chrome.\n\nYou ended this session: that "
            "device is signed out.");
}

TEST_F(SignInNotifierTest, PressBySomeoneElseIsRefusedByTheRevokeAndChangesNothingVisible) {
  revoke_status_ = absl::PermissionDeniedError("not the owner");
  absl::StatusOr<v1::TelegramBotCall> answer =
      notifier_.HandlePress(std::string("end:") + kSessionId, Press("", 100000666));
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(answer->text(), HasSubstr("not yours"));
  EXPECT_EQ(revoked_[0].telegram_id, 100000666);
  EXPECT_THAT(bot_api_.Calls(), IsEmpty());
}

TEST_F(SignInNotifierTest, AlreadyEndedSessionIsSaidSo) {
  revoke_status_ = absl::FailedPreconditionError("revoked");
  EXPECT_THAT(notifier_.HandlePress(std::string("end:") + kSessionId, Press(""))->text(),
              HasSubstr("already ended"));
}

TEST_F(SignInNotifierTest, StoreOutageFailsThePressSoTelegramRedeliversIt) {
  revoke_status_ = absl::UnavailableError("database unavailable");
  EXPECT_EQ(notifier_.HandlePress(std::string("end:") + kSessionId, Press("")).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(SignInNotifierTest, MalformedButtonsNeverReachTheRevoke) {
  for (const std::string argument :
       {"end:", "end:not-a-uuid", "stop:0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b",
        "end:0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2bX"}) {
    absl::StatusOr<v1::TelegramBotCall> answer = notifier_.HandlePress(argument, Press(""));
    ASSERT_TRUE(answer.ok()) << argument;
    EXPECT_THAT(answer->text(), HasSubstr("no longer works")) << argument;
  }
  EXPECT_THAT(revoked_, IsEmpty());
}

TEST_F(SignInNotifierTest, ASessionOfAnOAuthAppIsToldWithTheAppsName) {
  // The QR sign-in to tgauth, then the app's session its code bought.
  notifier_.OnSessionCreated({.telegram_id = kAda,
                              .session_id = kSessionId,
                              .device = {.ip_address = "203.0.113.9"},
                              .sign_in_method = "qr",
                              .app_name = "Acme Shop"});
  notifier_.OnSessionCreated({.telegram_id = kAda,
                              .session_id = absl::StrCat(kSessionId, 2),
                              .device = {.ip_address = "203.0.113.9"},
                              .sign_in_method = "qr",
                              .app_name = "Acme Shop"});
  clock_.Advance(absl::Seconds(31));
  std::vector<v1::TelegramBotCall> sent = bot_api_.Calls("sendMessage");
  ASSERT_THAT(sent, SizeIs(2));
  EXPECT_THAT(sent[0].text(),
              HasSubstr("New sign-in to Acme Shop through https://example.com on a web "
                        "browser (203.0.113.9) with a QR code"));
  EXPECT_THAT(sent[1].text(),
              HasSubstr("\n1. Acme Shop: a web browser (203.0.113.9) with a QR code"));
}

TEST_F(SignInNotifierTest, BurstOfOneUsersSignInsCostsOneNoticeThenOneDigest) {
  for (int i = 0; i < 25; ++i) {
    notifier_.OnSessionCreated({.telegram_id = kAda,
                                .session_id = absl::StrCat(kSessionId, i),
                                .device = {.ip_address = "203.0.113.9"},
                                .sign_in_method = "widget"});
  }
  ASSERT_THAT(bot_api_.Calls(), SizeIs(1));  // The first, at once.
  clock_.Advance(absl::Seconds(29));
  ASSERT_THAT(bot_api_.Calls(), SizeIs(1));
  clock_.Advance(absl::Seconds(4));
  std::vector<v1::TelegramBotCall> sent = bot_api_.Calls("sendMessage");
  ASSERT_THAT(sent, SizeIs(2));
  EXPECT_EQ(sent[1].chat_id(), kAda);
  EXPECT_THAT(sent[1].text(), HasSubstr("24 more new sign-ins to https://example.com:"));
  EXPECT_THAT(sent[1].text(), HasSubstr("\n10. "));
  EXPECT_THAT(sent[1].text(), HasSubstr("…and 14 more"));
  ASSERT_EQ(sent[1].reply_markup().inline_keyboard_size(), SignInNotifier::kMaxListedInDigest);
  const auto& first = sent[1].reply_markup().inline_keyboard(0).buttons(0);
  EXPECT_EQ(first.text(), "Not me — end 1");
  EXPECT_EQ(first.callback_data(), absl::StrCat("session:end-listed:", kSessionId, 1));
  clock_.Advance(absl::Minutes(5));
  EXPECT_THAT(bot_api_.Calls(), SizeIs(2));  // Nothing more was held.
}

TEST_F(SignInNotifierTest, AnotherUsersNoticeIsNeverHeldBehindABurst) {
  constexpr int64_t kGrace = 100000002;
  for (int i = 0; i < 3; ++i) {
    notifier_.OnSessionCreated({.telegram_id = kAda, .session_id = kSessionId});
  }
  notifier_.OnSessionCreated({.telegram_id = kGrace, .session_id = kSessionId});
  std::vector<v1::TelegramBotCall> sent = bot_api_.Calls("sendMessage");
  ASSERT_THAT(sent, SizeIs(2));
  EXPECT_EQ(sent[1].chat_id(), kGrace);
}

TEST_F(SignInNotifierTest, SignInAfterAQuietWindowIsToldAtOnce) {
  notifier_.OnSessionCreated({.telegram_id = kAda, .session_id = kSessionId});
  clock_.Advance(absl::Seconds(31));
  notifier_.OnSessionCreated({.telegram_id = kAda, .session_id = kSessionId});
  std::vector<v1::TelegramBotCall> sent = bot_api_.Calls("sendMessage");
  ASSERT_THAT(sent, SizeIs(2));
  EXPECT_THAT(sent[1].text(), HasSubstr("New sign-in to https://example.com"));
}

TEST_F(SignInNotifierTest, PressInADigestEndsTheSessionAndKeepsTheOtherButtons) {
  absl::StatusOr<v1::TelegramBotCall> answer =
      notifier_.HandlePress(std::string("end-listed:") + kSessionId,
                            Press(std::string("session:end-listed:") + kSessionId));
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(answer->text(), HasSubstr("Session ended"));
  ASSERT_THAT(revoked_, SizeIs(1));
  EXPECT_EQ(revoked_[0].session_id, kSessionId);
  EXPECT_THAT(bot_api_.Calls("editMessageText"), IsEmpty());
}

TEST(SignInNotifierListenerTest, EverySessionTheIssuerIssuesSendsTheNotice) {
  testing::RecordingBotApi bot_api;
  testing::SessionTestHarness h;
  SignInNotifier notifier("https://example.com", bot_api, SignInNotifier::RevokeSession(), h.clock);
  h.issuer->AddListener(notifier);
  ASSERT_TRUE(h.directory.Upsert(testing::Ada()).ok());
  EXPECT_THAT(bot_api.Calls(), IsEmpty());  // Not before a session exists.
  ASSERT_TRUE(h.issuer->Issue(testing::Ada(), {.user_agent = "curl/8.0"}, "qr").ok());
  std::vector<v1::TelegramBotCall> sent = bot_api.Calls("sendMessage");
  ASSERT_THAT(sent, SizeIs(1));
  EXPECT_EQ(sent[0].chat_id(), testing::Ada().telegram_id);
  EXPECT_THAT(sent[0].text(), HasSubstr("New sign-in to https://example.com on curl"));
}

TEST_F(SignInNotifierTest, NoticeDigestAndAnswersAreInTheUsersLanguage) {
  for (const auto& [language_code, text] :
       std::vector<std::pair<std::string, const BotText*>>{{"ru-RU", &kRussianBotText},
                                                           {"en", &kEnglishBotText},
                                                           {"", &kEnglishBotText}}) {
    SCOPED_TRACE(language_code);
    const BotText& say = *text;
    bot_api_.Clear();
    clock_.Advance(absl::Minutes(5));  // A quiet window: told at once.
    const std::string at = DescribeTime(clock_.Now(), "");
    for (int i = 0; i < 3; ++i) {
      notifier_.OnSessionCreated({.telegram_id = kAda,
                                  .session_id = kSessionId,
                                  .device = {.user_agent = "curl/8.0"},
                                  .sign_in_method = "login_link",
                                  .language_code = language_code});
    }
    clock_.Advance(absl::Seconds(33));
    std::vector<v1::TelegramBotCall> sent = bot_api_.Calls("sendMessage");
    ASSERT_THAT(sent, SizeIs(2));
    EXPECT_EQ(sent[0].text(), absl::Substitute(say.new_sign_in, "https://example.com", "curl",
                                               say.how_login_link, at));
    EXPECT_EQ(sent[0].reply_markup().inline_keyboard(0).buttons(0).text(), say.not_me);
    EXPECT_THAT(sent[1].text(),
                HasSubstr(absl::Substitute(say.digest_heading, 2, "https://example.com")));
    EXPECT_THAT(sent[1].text(), HasSubstr(say.digest_advice));
    EXPECT_EQ(sent[1].reply_markup().inline_keyboard(0).buttons(0).text(),
              absl::Substitute(say.not_me_numbered, 1));

    v1::TelegramCallbackQuery press = Press(std::string("session:end:") + kSessionId);
    press.mutable_from()->set_language_code(language_code);
    EXPECT_EQ(notifier_.HandlePress(std::string("end:") + kSessionId, press)->text(),
              say.session_ended);
    EXPECT_EQ(notifier_.HandlePress("end:", press)->text(), say.button_gone);
  }
}

// A Login Widget sign-in carries no language: the notice speaks the one
// the user was last seen with.
TEST(SignInNotifierListenerTest, NoticeOfASignInWithoutALanguageUsesTheOneLastSeen) {
  testing::RecordingBotApi bot_api;
  testing::SessionTestHarness h;
  SignInNotifier notifier("https://example.com", bot_api, SignInNotifier::RevokeSession(), h.clock);
  h.issuer->AddListener(notifier);
  storage::TelegramProfile in_russian = testing::Ada();
  in_russian.language_code = "ru";
  ASSERT_TRUE(h.issuer->Issue(in_russian, {.user_agent = "curl/8.0"}, "mini_app").ok());
  h.clock.Advance(absl::Minutes(1));  // Past the digest window: told at once.
  ASSERT_TRUE(h.issuer->Issue(testing::Ada(), {.user_agent = "curl/8.0"}, "widget").ok());
  std::vector<v1::TelegramBotCall> sent = bot_api.Calls("sendMessage");
  ASSERT_THAT(sent, SizeIs(2));
  EXPECT_THAT(sent[0].text(), HasSubstr(kRussianBotText.how_mini_app));
  EXPECT_THAT(sent[1].text(), HasSubstr(kRussianBotText.how_widget));
}

TEST(SignInNotifierRevokeTest, EndsOnlyTheSessionsOfThePressingTelegramUser) {
  testing::SessionTestHarness h;
  const IssuedSession ada = h.SignIn(testing::Ada());
  const IssuedSession grace = h.SignIn(testing::Grace());
  SignInNotifier::RevokeSession revoke =
      SignInNotifier::RevokeAsTelegramUser(h.directory, h.manager);
  EXPECT_EQ(revoke(testing::Grace().telegram_id, ada.session_id).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(revoke(999, ada.session_id).code(), absl::StatusCode::kNotFound);  // No such user.
  EXPECT_FALSE(h.Stored(ada.session_id).revoked);
  EXPECT_TRUE(revoke(testing::Ada().telegram_id, ada.session_id).ok());
  EXPECT_TRUE(h.Stored(ada.session_id).revoked);
  EXPECT_FALSE(h.Stored(grace.session_id).revoked);
}

}  // namespace
}  // namespace tgauth
