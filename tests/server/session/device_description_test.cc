#include "server/session/device_description.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

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

}  // namespace
}  // namespace tgauth
