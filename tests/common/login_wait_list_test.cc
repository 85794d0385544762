#include "common/login_wait_list.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "common/fake_clock.h"
#include "common/real_clock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using Wake = LoginWaitList::Wake;

class LoginWaitListTest : public ::testing::Test {
 protected:
  // Far enough that no deadline fires during a test that does not want it.
  absl::Time Later() { return clock_.Now() + absl::Hours(1); }

  FakeClock clock_;
  LoginWaitList list{clock_};
};

TEST_F(LoginWaitListTest, NotifyWakesOnlyWaitersOfThatLogin) {
  std::vector<Wake> woken_a, woken_b;
  list.Park("a", Later(), [&](Wake w) { woken_a.push_back(w); });
  list.Park("a", Later(), [&](Wake w) { woken_a.push_back(w); });
  list.Park("b", Later(), [&](Wake w) { woken_b.push_back(w); });
  list.Notify("a");
  EXPECT_EQ(woken_a, (std::vector<Wake>{Wake::kChanged, Wake::kChanged}));
  EXPECT_TRUE(woken_b.empty());
  EXPECT_EQ(list.size(), 1u);
}

TEST_F(LoginWaitListTest, AWaiterWakesAtMostOnce) {
  int wakes = 0;
  list.Park("a", Later(), [&](Wake) { ++wakes; });
  list.Notify("a");
  list.Notify("a");
  EXPECT_EQ(wakes, 1);
}

TEST_F(LoginWaitListTest, CancelledWaiterIsNeverWoken) {
  bool woken = false;
  const uint64_t id = list.Park("a", Later(), [&](Wake) { woken = true; });
  EXPECT_TRUE(list.Cancel(id));
  EXPECT_FALSE(list.Cancel(id));
  list.Notify("a");
  EXPECT_FALSE(woken);
  EXPECT_EQ(list.size(), 0u);
}

TEST_F(LoginWaitListTest, EmptyKeyWakesEveryWaiter) {
  int wakes = 0;
  list.Park("a", Later(), [&](Wake) { ++wakes; });
  list.Park("b", Later(), [&](Wake) { ++wakes; });
  list.Notify("");
  EXPECT_EQ(wakes, 2);
}

TEST_F(LoginWaitListTest, DeadlineWakesTheWaiterWhenTheClockReachesIt) {
  bool woken = false;
  bool by_deadline = false;
  list.Park("a", Later(), [](Wake) {});
  list.Park("b", clock_.Now() + absl::Milliseconds(20), [&](Wake w) {
    by_deadline = w == Wake::kDeadline;
    woken = true;
  });
  clock_.Advance(absl::Milliseconds(19));
  EXPECT_FALSE(woken);
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_TRUE(woken);
  EXPECT_TRUE(by_deadline);
  EXPECT_EQ(list.size(), 1u);
}

TEST_F(LoginWaitListTest, ANotifiedOrCancelledWaiterIsNotWokenAgainAtItsDeadline) {
  int wakes = 0;
  list.Park("a", clock_.Now() + absl::Seconds(1), [&](Wake) { ++wakes; });
  const uint64_t b = list.Park("b", clock_.Now() + absl::Seconds(1), [&](Wake) { ++wakes; });
  list.Notify("a");
  EXPECT_TRUE(list.Cancel(b));
  clock_.Advance(absl::Seconds(2));
  EXPECT_EQ(wakes, 1);
  EXPECT_EQ(clock_.pending_timers(), 0u);
}

TEST_F(LoginWaitListTest, DrainWakesEveryWaiterAsAtItsDeadlineAndLaterParksDoNotWait) {
  std::vector<Wake> woken;
  list.Park("a", Later(), [&](Wake w) { woken.push_back(w); });
  list.Park("b", Later(), [&](Wake w) { woken.push_back(w); });
  list.Drain();
  EXPECT_EQ(woken, (std::vector<Wake>{Wake::kDeadline, Wake::kDeadline}));
  EXPECT_EQ(list.size(), 0u);

  // A poll that parks while the server drains answers at once, not at its
  // deadline an hour away.
  list.Park("a", Later(), [&](Wake w) { woken.push_back(w); });
  clock_.Advance(absl::ZeroDuration());
  EXPECT_EQ(woken.size(), 3u);
  EXPECT_EQ(list.size(), 0u);
}

TEST(LoginWaitListRealClockTest, DeadlineWakesTheWaiterFromTheTimerThread) {
  RealClock clock;
  LoginWaitList list(clock);
  absl::Notification woken;
  std::atomic<bool> by_deadline = false;
  list.Park("b", clock.Now() + absl::Milliseconds(20), [&](Wake w) {
    by_deadline = w == Wake::kDeadline;
    woken.Notify();
  });
  ASSERT_TRUE(woken.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_TRUE(by_deadline);
  EXPECT_EQ(list.size(), 0u);
}

TEST_F(LoginWaitListTest, CancelAfterWakeReturnsFalse) {
  const uint64_t id = list.Park("a", Later(), [](Wake) {});
  list.Notify("a");
  EXPECT_FALSE(list.Cancel(id));
}

TEST(LoginWaitListPlacesTest, EnterRefusesBeyondTheCapOfOneLoginUntilAPollLeaves) {
  FakeClock clock;
  LoginWaitList list(clock, /*max_polls_per_login=*/2);
  EXPECT_EQ(list.max_polls_per_login(), 2);
  EXPECT_TRUE(list.Enter("a"));
  EXPECT_TRUE(list.Enter("a"));
  EXPECT_FALSE(list.Enter("a"));
  EXPECT_TRUE(list.Enter("b"));  // Another login has its own places.
  list.Leave("a");
  EXPECT_TRUE(list.Enter("a"));
  EXPECT_FALSE(list.Enter("a"));
}

}  // namespace
}  // namespace tgauth
