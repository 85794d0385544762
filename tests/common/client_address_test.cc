#include "common/client_address.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(RateLimitKeyTest, Ipv4IsItsOwnKey) { EXPECT_EQ(RateLimitKey("203.0.113.7"), "203.0.113.7"); }

TEST(RateLimitKeyTest, Ipv4MappedIpv6SharesTheIpv4Key) {
  for (const char* ip : {"::ffff:203.0.113.7", "::FFFF:203.0.113.7", "0:0:0:0:0:ffff:cb00:7107",
                         "[::ffff:203.0.113.7]"}) {
    EXPECT_EQ(RateLimitKey(ip), "203.0.113.7") << ip;
  }
}

TEST(RateLimitKeyTest, Ipv6AddressesOfOneSlash64ShareAKey) {
  EXPECT_EQ(RateLimitKey("2001:db8:1:2::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateLimitKey("2001:DB8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(RateLimitKey("[2001:db8:1:2::ff]"), "2001:db8:1:2::/64");
  EXPECT_NE(RateLimitKey("2001:db8:1:3::1"), RateLimitKey("2001:db8:1:2::1"));
}

TEST(RateLimitKeyTest, EmptyOrUnparseableAddressSharesTheUnknownKey) {
  for (const char* ip : {"", "not an ip", "203.0.113.7:443", "203.0.113", "::ffff:203.0.113.7x",
                         "[]", "2001:db8::1%eth0"}) {
    EXPECT_EQ(RateLimitKey(ip), "unknown") << ip;
  }
}

}  // namespace
}  // namespace tgauth
