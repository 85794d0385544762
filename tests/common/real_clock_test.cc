// RealClock: timers on its own thread, and cancelling against a running
// callback. Waits on notifications, never sleeps.
#include "common/real_clock.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

constexpr absl::Duration kPatience = absl::Seconds(10);

TEST(RealClockTest, RunAfterFiresOnTheTimerThread) {
  RealClock clock;
  absl::Notification fired;
  std::thread::id ran_on;
  const absl::Time start = clock.Now();
  Timer timer = clock.RunAfter(absl::Milliseconds(10), [&] {
    ran_on = std::this_thread::get_id();
    fired.Notify();
  });
  ASSERT_TRUE(fired.WaitForNotificationWithTimeout(kPatience));
  EXPECT_GE(clock.Now() - start, absl::Milliseconds(10));
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(RealClockTest, RunEveryRepeatsUntilCancelled) {
  RealClock clock;
  std::atomic<int> runs = 0;
  absl::Notification thrice;
  Timer timer = clock.RunEvery(absl::Milliseconds(1), [&] {
    if (++runs == 3) thrice.Notify();
  });
  ASSERT_TRUE(thrice.WaitForNotificationWithTimeout(kPatience));
  timer.Cancel();
  const int after_cancel = runs;
  EXPECT_FALSE(timer.active());
  EXPECT_EQ(runs, after_cancel);  // Cancel returned: no run in progress, none to come.
}

TEST(RealClockTest, CancelWaitsForARunningCallback) {
  RealClock clock;
  absl::Notification started, release;
  std::atomic<bool> finished = false;
  Timer timer = clock.RunAfter(absl::ZeroDuration(), [&] {
    started.Notify();
    release.WaitForNotification();
    finished = true;
  });
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(kPatience));
  std::thread releaser([&] { release.Notify(); });
  timer.Cancel();  // Returns only once the callback has returned.
  EXPECT_TRUE(finished);
  releaser.join();
}

TEST(RealClockTest, ACancelledTimerNeverFires) {
  RealClock clock;
  std::atomic<bool> fired = false;
  Timer timer = clock.RunAfter(absl::Hours(1), [&] { fired = true; });
  timer.Cancel();
  absl::Notification later;
  Timer probe = clock.RunAfter(absl::Milliseconds(1), [&] { later.Notify(); });
  ASSERT_TRUE(later.WaitForNotificationWithTimeout(kPatience));
  EXPECT_FALSE(fired);
}

TEST(RealClockTest, DestructionJoinsAnIdleTimerThreadPromptly) {
  auto clock = std::make_unique<RealClock>();
  Timer timer = clock->RunAfter(absl::Hours(1), [] {});
  timer.Cancel();
  clock.reset();  // Would hang for an hour if the thread waited for the deadline.
}

}  // namespace
}  // namespace tgauth
