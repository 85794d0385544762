// FakeClock: simulated time whose timers fire inside Advance, in time order.
#include "common/fake_clock.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;

TEST(FakeClockTest, RunAfterFiresOnlyWhenAdvancedPastItsDelay) {
  FakeClock clock;
  int runs = 0;
  Timer timer = clock.RunAfter(absl::Seconds(10), [&] { ++runs; });
  clock.Advance(absl::Seconds(9));
  EXPECT_EQ(runs, 0);
  EXPECT_TRUE(timer.active());
  clock.Advance(absl::Seconds(1));
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(timer.active());
  clock.Advance(absl::Hours(1));
  EXPECT_EQ(runs, 1);
}

TEST(FakeClockTest, TimersFireInTimeOrderSeeingTheirDueTime) {
  FakeClock clock;
  const absl::Time start = clock.Now();
  std::vector<std::string> fired;
  std::vector<absl::Time> seen;
  Timer c = clock.RunAfter(absl::Seconds(3), [&] { fired.push_back("c"); });
  Timer a = clock.RunAfter(absl::Seconds(1), [&] {
    fired.push_back("a");
    seen.push_back(clock.Now());
  });
  Timer b = clock.RunAfter(absl::Seconds(2), [&] { fired.push_back("b"); });
  clock.Advance(absl::Seconds(5));
  EXPECT_THAT(fired, ElementsAre("a", "b", "c"));
  EXPECT_THAT(seen, ElementsAre(start + absl::Seconds(1)));
  EXPECT_EQ(clock.Now(), start + absl::Seconds(5));
}

TEST(FakeClockTest, RunEveryRepeatsOncePerPeriodPassed) {
  FakeClock clock;
  int runs = 0;
  Timer timer = clock.RunEvery(absl::Minutes(5), [&] { ++runs; });
  clock.Advance(absl::Minutes(4));
  EXPECT_EQ(runs, 0);
  clock.Advance(absl::Minutes(1));
  EXPECT_EQ(runs, 1);
  clock.Advance(absl::Minutes(20));
  EXPECT_EQ(runs, 5);
  EXPECT_TRUE(timer.active());
}

TEST(FakeClockTest, CancelStopsATimer) {
  FakeClock clock;
  int runs = 0;
  Timer timer = clock.RunEvery(absl::Seconds(1), [&] { ++runs; });
  clock.Advance(absl::Seconds(2));
  timer.Cancel();
  EXPECT_FALSE(timer.active());
  clock.Advance(absl::Seconds(10));
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(clock.pending_timers(), 0u);
}

TEST(FakeClockTest, DestroyingTheHandleCancels) {
  FakeClock clock;
  int runs = 0;
  {
    Timer timer = clock.RunAfter(absl::Seconds(1), [&] { ++runs; });
  }
  clock.Advance(absl::Seconds(2));
  EXPECT_EQ(runs, 0);
}

TEST(FakeClockTest, MovedHandleKeepsTheTimer) {
  FakeClock clock;
  int runs = 0;
  Timer moved;
  {
    Timer timer = clock.RunAfter(absl::Seconds(1), [&] { ++runs; });
    moved = std::move(timer);
  }
  clock.Advance(absl::Seconds(1));
  EXPECT_EQ(runs, 1);
}

TEST(FakeClockTest, ACallbackMayCancelItsOwnTimer) {
  FakeClock clock;
  int runs = 0;
  Timer timer;
  timer = clock.RunEvery(absl::Seconds(1), [&] {
    if (++runs == 3) timer.Cancel();
  });
  clock.Advance(absl::Seconds(10));
  EXPECT_EQ(runs, 3);
}

TEST(FakeClockTest, ACallbackMayScheduleATimerThatFiresInTheSameAdvance) {
  FakeClock clock;
  std::vector<std::string> fired;
  Timer second;
  Timer first = clock.RunAfter(absl::Seconds(1), [&] {
    fired.push_back("first");
    second = clock.RunAfter(absl::Seconds(1), [&] { fired.push_back("second"); });
  });
  clock.Advance(absl::Seconds(3));
  EXPECT_THAT(fired, ElementsAre("first", "second"));
}

TEST(FakeClockTest, ZeroDelayFiresOnTheNextAdvance) {
  FakeClock clock;
  int runs = 0;
  Timer timer = clock.RunAfter(absl::ZeroDuration(), [&] { ++runs; });
  EXPECT_EQ(runs, 0);
  clock.Advance(absl::ZeroDuration());
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace tgauth
