#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/common/secure_token.h"
#include "server/device_description.h"
#include "server/qr_svg.h"
#include "server/telegram_names.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(SecureTokenTest, NewTokensAreWellFormedAndDistinct) {
  const std::string a = *NewToken();
  const std::string b = *NewToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_TRUE(IsWellFormedToken(a));
  EXPECT_NE(a, b);
}

TEST(SecureTokenTest, WellFormedMeansExactlyFortyThreeBase64UrlCharacters) {
  EXPECT_TRUE(IsWellFormedToken(std::string(43, '-')));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'a')));
  EXPECT_FALSE(IsWellFormedToken(std::string(44, 'a')));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'a') + "="));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'a') + "/"));
}

TEST(SecureTokenTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
}

TEST(SecureTokenTest, Sha256HexMatchesTheKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(QrSvgTest, RendersAStandaloneSvg) {
  absl::StatusOr<std::string> svg = QrSvg("https://t.me/tgauth_test_bot?start=" + *NewToken());
  ASSERT_TRUE(svg.ok());
  EXPECT_THAT(*svg, StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(*svg, HasSubstr("<path"));
}

TEST(QrSvgTest, TextTooLongForAQrCodeIsInvalidArgument) {
  EXPECT_EQ(QrSvg(std::string(8000, 'x')).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DeviceDescriptionTest, NamesBrowserAndSystemOrTheChosenName) {
  EXPECT_EQ(DescribeDevice({.user_agent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) "
                                          "AppleWebKit/605 Version/17.1 Safari/605.1.15",
                            .ip_address = "192.0.2.1"}),
            "Safari on macOS (192.0.2.1)");
  EXPECT_EQ(DescribeDevice({.user_agent = "Mozilla/5.0 (Linux; Android 14) Chrome/120 Safari/537"}),
            "Chrome on Android");
  EXPECT_EQ(DescribeDevice({.user_agent = "Chrome/1 Edg/120", .name = "Work laptop"}),
            "Work laptop");
  EXPECT_EQ(DescribeDevice({.user_agent = "???"}), "a web browser");
  EXPECT_EQ(DescribeDevice({.name = "Laptop\nYour bank:\tsafe"}), "Laptop Your bank: safe");
}

TEST(TelegramNamesTest, BotUsernamesFollowTelegramRules) {
  EXPECT_TRUE(IsValidBotUsername("tgauth_dev_bot"));
  EXPECT_TRUE(IsValidBotUsername("MyBot"));
  EXPECT_FALSE(IsValidBotUsername("@my_bot"));
  EXPECT_FALSE(IsValidBotUsername("bot"));
  EXPECT_FALSE(IsValidBotUsername("my_user"));
}

TEST(TelegramNamesTest, BotTokensHaveIdColonSecret) {
  EXPECT_TRUE(IsValidBotToken("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"));
  EXPECT_FALSE(IsValidBotToken(":ABC-DEF1234ghIkl-zyx57W2v1u123ew11"));
  EXPECT_FALSE(IsValidBotToken("12a:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"));
  EXPECT_FALSE(IsValidBotToken("123456:short"));
}

}  // namespace
}  // namespace tgauth
