#include "server/qr_login/login_wait_list.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using Wake = LoginWaitList::Wake;

// Far enough that no deadline fires during a test that does not want it.
absl::Time Later() { return absl::Now() + absl::Hours(1); }

TEST(LoginWaitListTest, NotifyWakesOnlyWaitersOfThatLogin) {
  LoginWaitList list;
  std::vector<Wake> woken_a, woken_b;
  list.Park("a", Later(), [&](Wake w) { woken_a.push_back(w); });
  list.Park("a", Later(), [&](Wake w) { woken_a.push_back(w); });
  list.Park("b", Later(), [&](Wake w) { woken_b.push_back(w); });
  list.Notify("a");
  EXPECT_EQ(woken_a, (std::vector<Wake>{Wake::kChanged, Wake::kChanged}));
  EXPECT_TRUE(woken_b.empty());
  EXPECT_EQ(list.size(), 1u);
}

TEST(LoginWaitListTest, AWaiterWakesAtMostOnce) {
  LoginWaitList list;
  int wakes = 0;
  list.Park("a", Later(), [&](Wake) { ++wakes; });
  list.Notify("a");
  list.Notify("a");
  EXPECT_EQ(wakes, 1);
}

TEST(LoginWaitListTest, CancelledWaiterIsNeverWoken) {
  LoginWaitList list;
  bool woken = false;
  const uint64_t id = list.Park("a", Later(), [&](Wake) { woken = true; });
  EXPECT_TRUE(list.Cancel(id));
  EXPECT_FALSE(list.Cancel(id));
  list.Notify("a");
  EXPECT_FALSE(woken);
  EXPECT_EQ(list.size(), 0u);
}

TEST(LoginWaitListTest, EmptyKeyWakesEveryWaiter) {
  LoginWaitList list;
  int wakes = 0;
  list.Park("a", Later(), [&](Wake) { ++wakes; });
  list.Park("b", Later(), [&](Wake) { ++wakes; });
  list.Notify("");
  EXPECT_EQ(wakes, 2);
}

TEST(LoginWaitListTest, DeadlineWakesTheWaiterFromTheTimerThread) {
  LoginWaitList list;
  absl::Notification woken;
  std::atomic<bool> by_deadline = false;
  list.Park("a", Later(), [](Wake) {});
  list.Park("b", absl::Now() + absl::Milliseconds(20), [&](Wake w) {
    by_deadline = w == Wake::kDeadline;
    woken.Notify();
  });
  ASSERT_TRUE(woken.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_TRUE(by_deadline);
  EXPECT_EQ(list.size(), 1u);
}

TEST(LoginWaitListTest, CancelAfterWakeReturnsFalse) {
  LoginWaitList list;
  const uint64_t id = list.Park("a", Later(), [](Wake) {});
  list.Notify("a");
  EXPECT_FALSE(list.Cancel(id));
}

}  // namespace
}  // namespace tgauth
