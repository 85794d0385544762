// The widget, Mini App and login link sign-ins on the in-memory stores:
// each ends in the user upsert (UserDirectory) and exactly one session.
#include "server/signin/telegram_sign_in.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/bot/sign_in_notifier.h"
#include "tests/server/bot/recording_bot_api.h"
#include "tests/server/signin/sign_in_test_harness.h"

namespace tgauth {
namespace {

using testing::Ada;
using testing::Fields;
using ::testing::HasSubstr;
using testing::kTestBotToken;
using ::testing::StartsWith;
using testing::UnixSeconds;

const storage::DeviceInfo kLaptop{.user_agent = "Mozilla/5.0 (X11; Linux) Firefox/128",
                                  .ip_address = "198.51.100.7"};

class TelegramSignInTest : public ::testing::Test {
 protected:
  SignedFields WidgetFields(const storage::TelegramProfile& who = Ada()) {
    Fields fields = {{"id", absl::StrCat(who.telegram_id)},
                     {"first_name", who.first_name},
                     {"auth_date", UnixSeconds(h_.qr.clock.Now())}};
    if (!who.last_name.empty()) fields.emplace_back("last_name", who.last_name);
    if (!who.username.empty()) fields.emplace_back("username", who.username);
    if (!who.photo_url.empty()) fields.emplace_back("photo_url", who.photo_url);
    std::map<std::string, std::string> map = testing::SignWidget(fields, kTestBotToken);
    return SignedFields(map.begin(), map.end());
  }

  std::string InitData(const storage::TelegramProfile& who = Ada()) {
    return testing::SignMiniAppHmac(
        {{"user", testing::WebAppUserJson(who.telegram_id, who.first_name,
                                          absl::StrCat(R"(,"last_name":")", who.last_name,
                                                       R"(","username":")", who.username, "\""))},
         {"auth_date", UnixSeconds(h_.qr.clock.Now())}},
        kTestBotToken);
  }

  // The token of a login link made for `who`.
  std::string LinkToken(const storage::TelegramProfile& who = Ada()) {
    absl::StatusOr<std::string> url = h_.links->Create(who);
    EXPECT_TRUE(url.ok()) << url.status();
    EXPECT_THAT(*url, StartsWith("https://example.com/auth/telegram/callback?token="));
    return std::string(
        absl::StripPrefix(*url, "https://example.com/auth/telegram/callback?token="));
  }

  testing::SignInTestHarness h_;
};

TEST_F(TelegramSignInTest, WidgetSignInCreatesTheUserAndOneSession) {
  absl::StatusOr<SignIn> signed_in = h_.sign_in->WithWidget(WidgetFields(), kLaptop);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_EQ(signed_in->user.profile, Ada());
  std::vector<storage::SessionRecord> sessions = h_.SessionsOf(signed_in->user.id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].id, signed_in->session.session_id);
  EXPECT_EQ(sessions[0].sign_in_method, "widget");
  EXPECT_EQ(sessions[0].device, kLaptop);
  const AccessTokenClaims claims = h_.ClaimsOf(signed_in->session.access_token);
  EXPECT_EQ(claims.user_id, signed_in->user.id);
  EXPECT_EQ(claims.telegram_id, Ada().telegram_id);
  EXPECT_EQ(claims.subscription_tier, "");
}

TEST_F(TelegramSignInTest, EveryMethodSendsTheNewSignInNotice) {
  testing::RecordingBotApi bot_api;
  SignInNotifier notifier("https://example.com", bot_api, SignInNotifier::RevokeSession(),
                          h_.qr.clock);
  h_.qr.issuer->AddListener(notifier);
  // A minute apart: one user's sign-ins within a notice's window would be
  // told together in one digest.
  ASSERT_TRUE(h_.sign_in->WithWidget(WidgetFields(), kLaptop).ok());
  h_.qr.clock.Advance(absl::Minutes(1));
  ASSERT_TRUE(h_.sign_in->WithMiniApp(InitData(), kLaptop).ok());
  h_.qr.clock.Advance(absl::Minutes(1));
  ASSERT_TRUE(h_.sign_in->WithLoginLink(LinkToken(), kLaptop).ok());
  std::vector<v1::TelegramBotCall> notices = bot_api.Calls("sendMessage");
  ASSERT_EQ(notices.size(), 3u);
  for (const v1::TelegramBotCall& notice : notices) {
    EXPECT_EQ(notice.chat_id(), Ada().telegram_id);
  }
}

TEST_F(TelegramSignInTest, RepeatedSignInAddsASessionAndLeavesTheUserRowAlone) {
  // The Mini App first: it reports the language, which the widget's data
  // lacks (and which a sign-in without one keeps).
  const SignIn first = *h_.sign_in->WithMiniApp(InitData(), kLaptop);
  h_.qr.clock.Advance(absl::Hours(1));
  const SignIn second = *h_.sign_in->WithWidget(WidgetFields(), kLaptop);
  EXPECT_EQ(second.user.id, first.user.id);
  EXPECT_EQ(second.user.updated_at, first.user.updated_at);  // Unchanged: not written.
  std::vector<storage::SessionRecord> sessions = h_.SessionsOf(first.user.id);
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_FALSE(sessions[0].revoked);  // Multi-device: the first one stays.
  EXPECT_EQ(sessions[1].sign_in_method, "widget");
}

TEST_F(TelegramSignInTest, BotSignInWithoutPhotoKeepsTheWidgetsPhoto) {
  storage::TelegramProfile with_photo = Ada();
  with_photo.photo_url = "https://t.me/i/userpic/320/ada.jpg";
  const SignIn first = *h_.sign_in->WithWidget(WidgetFields(with_photo), kLaptop);
  h_.qr.clock.Advance(absl::Hours(1));
  const SignIn second = *h_.sign_in->WithLoginLink(LinkToken(Ada()), kLaptop);
  EXPECT_EQ(second.user.profile.photo_url, with_photo.photo_url);
  EXPECT_EQ(second.user.updated_at, first.user.updated_at);
}

TEST_F(TelegramSignInTest, BadWidgetDataCreatesNothing) {
  SignedFields fields = WidgetFields();
  fields["first_name"] = "Mallory";
  absl::StatusOr<SignIn> signed_in = h_.sign_in->WithWidget(fields, kLaptop);
  EXPECT_EQ(signed_in.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(absl::IsNotFound(h_.qr.users.FindByTelegramId(Ada().telegram_id).status()));
}

TEST_F(TelegramSignInTest, ReplayedWidgetDataSignsInOnlyOnce) {
  const SignedFields fields = WidgetFields();
  absl::StatusOr<SignIn> first = h_.sign_in->WithWidget(fields, kLaptop);
  ASSERT_TRUE(first.ok()) << first.status();
  h_.qr.clock.Advance(absl::Minutes(1));
  absl::StatusOr<SignIn> replay = h_.sign_in->WithWidget(fields, kLaptop);
  EXPECT_EQ(replay.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(replay.status().message(), HasSubstr("this sign-in data was already used"));
  EXPECT_EQ(h_.SessionsOf(first->user.id).size(), 1u);
}

TEST_F(TelegramSignInTest, ReplayedMiniAppDataSignsInOnlyOnceHoweverItIsEncoded) {
  const std::string init_data = InitData();
  absl::StatusOr<SignIn> first = h_.sign_in->WithMiniApp(init_data, kLaptop);
  ASSERT_TRUE(first.ok()) << first.status();
  // The same signed fields in another order are the same payload.
  const size_t split = init_data.find('&');
  const std::string reordered =
      absl::StrCat(init_data.substr(split + 1), "&", init_data.substr(0, split));
  for (const std::string& replay : {init_data, reordered}) {
    EXPECT_EQ(h_.sign_in->WithMiniApp(replay, kLaptop).status().code(),
              absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(h_.SessionsOf(first->user.id).size(), 1u);
}

TEST_F(TelegramSignInTest, FreshlySignedDataOfTheSameUserStillSignsIn) {
  ASSERT_TRUE(h_.sign_in->WithWidget(WidgetFields(), kLaptop).ok());
  h_.qr.clock.Advance(absl::Seconds(1));  // A new auth_date: a new payload.
  EXPECT_TRUE(h_.sign_in->WithWidget(WidgetFields(), kLaptop).ok());
}

TEST_F(TelegramSignInTest, SignedDataIsGivenBackWhenTheSessionCannotBeStored) {
  const SignedFields fields = WidgetFields();
  h_.qr.sessions.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(h_.sign_in->WithWidget(fields, kLaptop).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(h_.sign_in->WithWidget(fields, kLaptop).ok());
}

TEST_F(TelegramSignInTest, LedgerOutageSignsNobodyIn) {
  h_.used_data.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_EQ(h_.sign_in->WithWidget(WidgetFields(), kLaptop).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::IsNotFound(h_.qr.users.FindByTelegramId(Ada().telegram_id).status()));
}

TEST_F(TelegramSignInTest, DataOlderThanAnHourIsRefusedByDefault) {
  EXPECT_EQ(TelegramSignInOptions().max_age, absl::Hours(1));
  const SignedFields fields = WidgetFields();
  h_.qr.clock.Advance(absl::Hours(1) + absl::Seconds(1));
  absl::StatusOr<SignIn> stale = h_.sign_in->WithWidget(fields, kLaptop);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(stale.status().message(), HasSubstr("auth_date is more than 1h old"));
}

TEST_F(TelegramSignInTest, OneAccountsSignInsAreLimitedAcrossEveryMethod) {
  EXPECT_EQ(SignInLimit().sign_ins, 20);
  EXPECT_EQ(SignInLimit().window, absl::Minutes(10));
  h_.qr.issuer->LimitPerUser(h_.qr.limiter, {.sign_ins = 3, .window = absl::Minutes(10)});
  ASSERT_TRUE(h_.sign_in->WithWidget(WidgetFields(), kLaptop).ok());
  ASSERT_TRUE(h_.sign_in->WithMiniApp(InitData(), kLaptop).ok());
  NewLogin login = *h_.qr.broker->Create(kLaptop);
  ASSERT_TRUE(h_.qr.broker->Confirm(login.login_token, Ada()).ok());
  ASSERT_TRUE(h_.qr.broker->Poll(login.login_token, login.poll_token).ok());

  const std::string link = LinkToken();
  absl::StatusOr<SignIn> fourth = h_.sign_in->WithLoginLink(link, kLaptop);
  EXPECT_EQ(fourth.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(fourth.status().message(), HasSubstr("too many sign-ins"));
  storage::TelegramProfile grace = Ada();
  grace.telegram_id = 100000002;
  EXPECT_TRUE(h_.sign_in->WithWidget(WidgetFields(grace), kLaptop).ok());  // Another account.

  h_.qr.clock.Advance(absl::Minutes(4));  // The link lasts 5 minutes, the window 10.
  EXPECT_EQ(h_.sign_in->WithLoginLink(link, kLaptop).status().code(),
            absl::StatusCode::kResourceExhausted);
  h_.qr.clock.Advance(absl::Minutes(6));
  EXPECT_TRUE(h_.sign_in->WithWidget(WidgetFields(), kLaptop).ok());
}

TEST_F(TelegramSignInTest, OversizedDeviceIsInvalidArgument) {
  storage::DeviceInfo device = kLaptop;
  device.user_agent = std::string(513, 'x');
  absl::StatusOr<SignIn> signed_in = h_.sign_in->WithMiniApp(InitData(), device);
  EXPECT_EQ(signed_in.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(signed_in.status().message(), HasSubstr("device.user_agent"));
}

TEST_F(TelegramSignInTest, LoginLinkSignsInItsTelegramUserOnce) {
  const std::string token = LinkToken();
  absl::StatusOr<SignIn> signed_in = h_.sign_in->WithLoginLink(token, kLaptop);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_EQ(signed_in->user.profile, Ada());
  EXPECT_EQ(h_.SessionsOf(signed_in->user.id)[0].sign_in_method, "login_link");
  absl::StatusOr<SignIn> again = h_.sign_in->WithLoginLink(token, kLaptop);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(again.status().message(), HasSubstr("unknown, used or expired"));
  EXPECT_EQ(h_.SessionsOf(signed_in->user.id).size(), 1u);
}

TEST_F(TelegramSignInTest, LoginLinkExpiresAfterFiveMinutes) {
  const std::string token = LinkToken();
  h_.qr.clock.Advance(absl::Minutes(5));
  EXPECT_EQ(h_.sign_in->WithLoginLink(token, kLaptop).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(TelegramSignInTest, DescribingALinkSignsNobodyInAndLeavesItUsable) {
  const std::string token = LinkToken();
  absl::StatusOr<storage::LoginLink> link = h_.sign_in->DescribeLoginLink(token, "203.0.113.9");
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_EQ(link->who, Ada());
  EXPECT_EQ(link->expires_at, h_.qr.clock.Now() + absl::Minutes(5));
  ASSERT_TRUE(h_.sign_in->WithLoginLink(token, kLaptop).ok());
  EXPECT_EQ(h_.sign_in->DescribeLoginLink(token, "203.0.113.9").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(TelegramSignInTest, DescribingAnExpiredOrMalformedLinkIsRefused) {
  const std::string token = LinkToken();
  h_.qr.clock.Advance(absl::Minutes(5));
  EXPECT_EQ(h_.sign_in->DescribeLoginLink(token, "203.0.113.9").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(h_.sign_in->DescribeLoginLink("short", "203.0.113.9").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(TelegramSignInTest, MalformedLinkTokenIsInvalidArgument) {
  absl::StatusOr<SignIn> signed_in = h_.sign_in->WithLoginLink("short", kLaptop);
  EXPECT_EQ(signed_in.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(signed_in.status().message(), "token must be 43 base64url characters");
}

TEST_F(TelegramSignInTest, BadDeviceCostsNoLink) {
  const std::string token = LinkToken();
  storage::DeviceInfo device = kLaptop;
  device.name = std::string(65, 'n');
  EXPECT_EQ(h_.sign_in->WithLoginLink(token, device).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(h_.sign_in->WithLoginLink(token, kLaptop).ok());
}

TEST_F(TelegramSignInTest, LinkIsGivenBackWhenTheSessionCannotBeStored) {
  const std::string token = LinkToken();
  h_.qr.sessions.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(h_.sign_in->WithLoginLink(token, kLaptop).status().code(),
            absl::StatusCode::kUnavailable);
  absl::StatusOr<SignIn> retry = h_.sign_in->WithLoginLink(token, kLaptop);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(h_.SessionsOf(retry->user.id).size(), 1u);
}

TEST_F(TelegramSignInTest, TierInForceIsInTheUserAndTheAccessToken) {
  ASSERT_EQ(h_.invites->Redeem(h_.CreateCode(), Ada())->result, storage::RedeemResult::kRedeemed);
  absl::StatusOr<SignIn> signed_in = h_.sign_in->WithWidget(WidgetFields(), kLaptop);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_EQ(signed_in->user.subscription.tier, "Premium");
  EXPECT_EQ(signed_in->user.subscription.expires_at, h_.qr.clock.Now() + absl::Hours(24 * 30));
  EXPECT_EQ(h_.ClaimsOf(signed_in->session.access_token).subscription_tier, "Premium");
}

TEST_F(TelegramSignInTest, LapsedTierIsNeitherShownNorClaimed) {
  ASSERT_EQ(h_.invites->Redeem(h_.CreateCode(), Ada())->result, storage::RedeemResult::kRedeemed);
  h_.qr.clock.Advance(absl::Hours(24 * 30));
  absl::StatusOr<SignIn> signed_in = h_.sign_in->WithMiniApp(InitData(), kLaptop);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_EQ(signed_in->user.subscription, storage::Subscription{});
  EXPECT_EQ(h_.ClaimsOf(signed_in->session.access_token).subscription_tier, "");
}

TEST_F(TelegramSignInTest, QrLoginCarriesTheTierToo) {
  ASSERT_EQ(h_.invites->Redeem(h_.CreateCode(), Ada())->result, storage::RedeemResult::kRedeemed);
  NewLogin login = *h_.qr.broker->Create(kLaptop);
  ASSERT_TRUE(h_.qr.broker->Confirm(login.login_token, Ada()).ok());
  absl::StatusOr<PollOutcome> outcome = h_.qr.broker->Poll(login.login_token, login.poll_token);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_TRUE(outcome->user.has_value() && outcome->session.has_value());
  EXPECT_EQ(outcome->user->subscription.tier, "Premium");
  EXPECT_EQ(h_.ClaimsOf(outcome->session->access_token).subscription_tier, "Premium");
}

}  // namespace
}  // namespace tgauth
