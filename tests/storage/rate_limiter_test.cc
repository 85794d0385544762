#include "storage/rate_limiter.h"

#include "absl/strings/string_view.h"
#include "common/fake_clock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_rate_limiter.h"
#include "storage/redis/redis_rate_limiter.h"
#include "tests/storage/conformance.h"

namespace tgauth::storage {
namespace {

constexpr absl::Duration kWindow = absl::Minutes(1);

// True if the call answered true; records a failure if it failed.
bool Yes(const absl::StatusOr<bool>& answer) {
  EXPECT_TRUE(answer.ok()) << answer.status();
  return answer.ok() && *answer;
}
bool Allowed(const absl::StatusOr<bool>& allowed) { return Yes(allowed); }

class RateLimiterTest : public ConformanceTest<RateLimiter> {
 protected:
  // Lets time pass in steps until `bucket` allows a request again.
  bool AllowedAgainWithin(absl::string_view bucket, absl::Duration window, absl::Duration limit) {
    for (absl::Duration waited; waited < limit; waited += absl::Milliseconds(10)) {
      if (Allowed(store().Allow(bucket, 1, window))) return true;
      backend_.pass_time(absl::Milliseconds(10));
    }
    return false;
  }
};

TEST_P(RateLimiterTest, AllowsUpToTheLimitThenRefuses) {
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Allowed(store().Allow("ip:1", 3, kWindow))) << i;
  EXPECT_FALSE(Allowed(store().Allow("ip:1", 3, kWindow)));
}

TEST_P(RateLimiterTest, BucketsAreCountedSeparately) {
  ASSERT_TRUE(Allowed(store().Allow("ip:1", 1, kWindow)));
  EXPECT_FALSE(Allowed(store().Allow("ip:1", 1, kWindow)));
  EXPECT_TRUE(Allowed(store().Allow("ip:2", 1, kWindow)));
}

TEST_P(RateLimiterTest, TheCountStartsAfreshWhenTheWindowEnds) {
  const absl::Duration window = absl::Milliseconds(100);
  ASSERT_TRUE(Allowed(store().Allow("ip:1", 1, window)));
  EXPECT_TRUE(AllowedAgainWithin("ip:1", window, absl::Seconds(3)));
}

TEST_P(RateLimiterTest, ExceededCountsNothingAndTellsWhenTheLimitIsUsedUp) {
  EXPECT_FALSE(Yes(store().Exceeded("ip:1", 2)));
  ASSERT_TRUE(Allowed(store().Allow("ip:1", 2, kWindow)));
  EXPECT_FALSE(Yes(store().Exceeded("ip:1", 2)));
  EXPECT_FALSE(Yes(store().Exceeded("ip:1", 2)));  // Still one counted.
  ASSERT_TRUE(Allowed(store().Allow("ip:1", 2, kWindow)));
  EXPECT_TRUE(Yes(store().Exceeded("ip:1", 2)));  // Two of two: no third failure.
  EXPECT_FALSE(Yes(store().Exceeded("ip:2", 2)));
}

TEST_P(RateLimiterTest, ExceededEndsWithTheWindow) {
  ASSERT_TRUE(Allowed(store().Allow("ip:1", 1, absl::Milliseconds(50))));
  ASSERT_TRUE(Yes(store().Exceeded("ip:1", 1)));
  // Time passes in steps (Redis expires the counter on its own clock).
  bool ended = false;
  for (absl::Duration waited; !ended && waited < absl::Seconds(5);
       waited += absl::Milliseconds(10)) {
    backend_.pass_time(absl::Milliseconds(10));
    ended = !Yes(store().Exceeded("ip:1", 1));
  }
  EXPECT_TRUE(ended);
}

TEST_P(RateLimiterTest, NonPositiveLimitOrWindowIsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(store().Allow("ip:1", 0, kWindow).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store().Allow("ip:1", 1, absl::ZeroDuration()).status()));
}

INSTANTIATE_TEST_SUITE_P(
    Stores, RateLimiterTest,
    ::testing::Values(Impl<RateLimiter>{"InMemory",
                                        FakeOnFakeClock<RateLimiter, InMemoryRateLimiter>},
                      Impl<RateLimiter>{"Redis", RealOnTestRedis<RateLimiter, RedisRateLimiter>}),
    BackendName<RateLimiter>);

}  // namespace
}  // namespace tgauth::storage
