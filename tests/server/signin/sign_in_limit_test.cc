// The per-address limit shared by the widget, Mini App and login-link
// sign-ins (TelegramSignInOptions::per_ip), on the in-memory stores.
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/signin/telegram_sign_in.h"
#include "tests/server/signin/sign_in_test_harness.h"

namespace tgauth {
namespace {

using testing::Ada;
using ::testing::HasSubstr;
using testing::kTestBotToken;
using testing::UnixSeconds;

constexpr char kSiteCallback[] = "https://example.com/auth/telegram/callback?token=";

class SignInLimitTest : public ::testing::Test {
 protected:
  SignedFields WidgetFields() {
    std::map<std::string, std::string> map =
        testing::SignWidget({{"id", absl::StrCat(Ada().telegram_id)},
                             {"first_name", Ada().first_name},
                             {"auth_date", UnixSeconds(h_.qr.clock.Now())}},
                            kTestBotToken);
    return SignedFields(map.begin(), map.end());
  }

  std::string InitData() {
    return testing::SignMiniAppHmac(
        {{"user", testing::WebAppUserJson(Ada().telegram_id, Ada().first_name, "")},
         {"auth_date", UnixSeconds(h_.qr.clock.Now())}},
        kTestBotToken);
  }

  std::string LinkToken() {
    absl::StatusOr<std::string> url = h_.links->Create(Ada());
    EXPECT_TRUE(url.ok()) << url.status();
    return std::string(absl::StripPrefix(*url, kSiteCallback));
  }

  static storage::DeviceInfo From(std::string ip) { return {.ip_address = std::move(ip)}; }

  testing::SignInTestHarness h_;
  // Two sign-in attempts per address and minute, whatever the method.
  TelegramSignIn limited_{
      {.bot_token = kTestBotToken, .per_ip = {.limit = 2, .window = absl::Minutes(1)}},
      *h_.mini_app,
      *h_.links,
      *h_.qr.issuer,
      h_.qr.limiter,
      h_.used_data,
      h_.qr.clock};
};

TEST_F(SignInLimitTest, EveryMethodCountsAgainstOneBudgetPerAddress) {
  ASSERT_TRUE(limited_.WithWidget(WidgetFields(), From("198.51.100.7")).ok());
  ASSERT_TRUE(limited_.WithMiniApp(InitData(), From("::ffff:198.51.100.7")).ok());
  const std::string token = LinkToken();
  absl::Status refused = limited_.WithLoginLink(token, From("198.51.100.7")).status();
  EXPECT_TRUE(absl::IsResourceExhausted(refused)) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("too many sign-in attempts from this address"));
  // The refusal cost no link, and another address is not held back.
  EXPECT_TRUE(limited_.WithLoginLink(token, From("198.51.100.8")).ok());
  h_.qr.clock.Advance(absl::Minutes(1));
  EXPECT_TRUE(limited_.WithWidget(WidgetFields(), From("198.51.100.7")).ok());
}

TEST_F(SignInLimitTest, FailedAttemptsCountToo) {
  SignedFields forged = WidgetFields();
  forged["username"] = "mallory";  // Not covered by the hash.
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(absl::IsUnauthenticated(limited_.WithWidget(forged, From("203.0.113.9")).status()));
  }
  EXPECT_TRUE(
      absl::IsResourceExhausted(limited_.WithWidget(WidgetFields(), From("203.0.113.9")).status()));
}

TEST_F(SignInLimitTest, AttemptsWithoutAnAddressShareOneBudget) {
  ASSERT_TRUE(limited_.WithWidget(WidgetFields(), From("")).ok());
  ASSERT_TRUE(limited_.WithMiniApp(InitData(), From("")).ok());
  EXPECT_TRUE(absl::IsResourceExhausted(limited_.WithWidget(WidgetFields(), From("")).status()));
}

}  // namespace
}  // namespace tgauth
