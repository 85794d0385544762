#include "gateway/connection_limits.h"

#include <gtest/gtest.h>

namespace tgauth::gateway {
namespace {

TEST(ConnectionLimitsTest, CapsEachAddressAndTheTotal) {
  ConnectionLimits limits(/*max_total=*/3, /*max_per_client=*/2);
  EXPECT_TRUE(limits.TryOpen("10.0.0.1"));
  EXPECT_TRUE(limits.TryOpen("10.0.0.1"));
  EXPECT_FALSE(limits.TryOpen("10.0.0.1"));
  EXPECT_TRUE(limits.TryOpen("10.0.0.2"));
  EXPECT_FALSE(limits.TryOpen("10.0.0.3"));  // Total reached.
  EXPECT_EQ(limits.open(), 3u);
  limits.Close("10.0.0.1");
  EXPECT_TRUE(limits.TryOpen("10.0.0.3"));
  EXPECT_FALSE(limits.TryOpen("10.0.0.1"));
}

TEST(ConnectionLimitsTest, ZeroPerClientMeansOnlyTheTotalCounts) {
  ConnectionLimits limits(/*max_total=*/2, /*max_per_client=*/0);
  EXPECT_TRUE(limits.TryOpen("10.0.0.1"));
  EXPECT_TRUE(limits.TryOpen("10.0.0.1"));
  EXPECT_FALSE(limits.TryOpen("10.0.0.1"));
}

TEST(ConnectionLimitsTest, OneClientsSpellingsAndIpv6SlashSixtyFourShareItsCap) {
  ConnectionLimits limits(/*max_total=*/10, /*max_per_client=*/2);
  EXPECT_TRUE(limits.TryOpen("2001:db8:1:2::1"));
  EXPECT_TRUE(limits.TryOpen("2001:db8:1:2::2"));
  EXPECT_FALSE(limits.TryOpen("2001:db8:1:2:ffff::3"));  // The same /64.
  EXPECT_TRUE(limits.TryOpen("2001:db8:1:3::1"));        // Another /64.
  EXPECT_TRUE(limits.TryOpen("10.0.0.1"));
  EXPECT_TRUE(limits.TryOpen("::ffff:10.0.0.1"));
  EXPECT_FALSE(limits.TryOpen("10.0.0.1"));
  limits.Close("2001:db8:1:2::1");  // Gives the /64 its place back.
  EXPECT_TRUE(limits.TryOpen("2001:db8:1:2::9"));
  EXPECT_EQ(limits.open(), 5u);
}

TEST(ConnectionLimitsTest, ClosingAnUnknownAddressChangesNothing) {
  ConnectionLimits limits(1, 1);
  limits.Close("10.0.0.9");
  EXPECT_TRUE(limits.TryOpen("10.0.0.1"));
  EXPECT_EQ(limits.open(), 1u);
}

}  // namespace
}  // namespace tgauth::gateway
