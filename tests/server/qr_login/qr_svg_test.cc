#include "server/qr_login/qr_svg.h"

#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(QrSvgTest, RendersAStandaloneSvg) {
  absl::StatusOr<std::string> svg = QrSvg("https://t.me/tgauth_test_bot?start=" + *NewToken());
  ASSERT_TRUE(svg.ok());
  EXPECT_THAT(*svg, StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(*svg, HasSubstr("<path"));
}

TEST(QrSvgTest, TextTooLongForAQrCodeIsInvalidArgument) {
  EXPECT_EQ(QrSvg(std::string(8000, 'x')).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tgauth
