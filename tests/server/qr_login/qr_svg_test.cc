#include "server/qr_login/qr_svg.h"

#include <qrencode.h>

#include <set>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

using Modules = std::set<std::pair<int, int>>;  // (x, y) of dark modules.

// The dark modules libqrencode puts in the symbol of `text` (as QrSvg encodes it).
Modules EncodedModules(const std::string& text) {
  Modules dark;
  QRcode* qr = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (qr == nullptr) return dark;
  for (int y = 0; y < qr->width; ++y) {
    for (int x = 0; x < qr->width; ++x) {
      if (qr->data[y * qr->width + x] & 1) dark.emplace(x, y);
    }
  }
  QRcode_free(qr);
  return dark;
}

// The modules the path's "M x y h n" runs cover; records a failure for
// anything else in the path.
Modules DrawnModules(const std::string& svg) {
  Modules drawn;
  const size_t d = svg.find(" d=\"");
  if (d == std::string::npos) {
    ADD_FAILURE() << "no path data in " << svg;
    return drawn;
  }
  const std::string data = svg.substr(d + 4, svg.find('"', d + 4) - d - 4);
  for (absl::string_view run : absl::StrSplit(data, 'M', absl::SkipEmpty())) {
    std::vector<absl::string_view> parts = absl::StrSplit(run, absl::ByAnyChar(" h"));
    int x = 0, y = 0, n = 0;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &x) || !absl::SimpleAtoi(parts[1], &y) ||
        !absl::SimpleAtoi(parts[2], &n) || n < 1) {
      ADD_FAILURE() << "not a run: M" << run;
      continue;
    }
    for (int i = 0; i < n; ++i) {
      EXPECT_TRUE(drawn.emplace(x + i, y).second) << "drawn twice: " << x + i << "," << y;
    }
  }
  return drawn;
}

TEST(QrSvgTest, RendersAStandaloneSvg) {
  absl::StatusOr<std::string> svg = QrSvg("https://t.me/tgauth_test_bot?start=" + *NewToken());
  ASSERT_TRUE(svg.ok());
  EXPECT_THAT(*svg, StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(*svg, HasSubstr("<path"));
}

TEST(QrSvgTest, PathRunsCoverExactlyTheDarkModules) {
  const std::string link = "https://t.me/tgauth_test_bot?start=" + *NewToken();
  absl::StatusOr<std::string> svg = QrSvg(link);
  ASSERT_TRUE(svg.ok());
  // Strokes one module wide, moved past the quiet zone to the rows' middles.
  EXPECT_THAT(*svg, HasSubstr("transform=\"translate(4 4.5)\" stroke=\"#000\" stroke-width=\"1\""));
  const Modules encoded = EncodedModules(link);
  ASSERT_FALSE(encoded.empty());
  EXPECT_EQ(DrawnModules(*svg), encoded);
}

TEST(QrSvgTest, LoginQrIsCompact) {
  // A login's deep link: one path command per run, not per module.
  absl::StatusOr<std::string> svg = QrSvg("https://t.me/tgauth_test_bot?start=" + *NewToken());
  ASSERT_TRUE(svg.ok());
  EXPECT_LT(svg->size(), 4000u);
}

TEST(QrSvgTest, TextTooLongForAQrCodeIsInvalidArgument) {
  EXPECT_EQ(QrSvg(std::string(8000, 'x')).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tgauth
