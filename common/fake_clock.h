// Simulated time for tests: the clock moves only in Advance(), which also
// runs every timer that falls due, in time order, on the calling thread.
// Tests advance time instead of sleeping.
#ifndef TGAUTH_COMMON_FAKE_CLOCK_H_
#define TGAUTH_COMMON_FAKE_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "common/timer_queue.h"

namespace tgauth {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1'800'000'000)) : now_(start) {}

  absl::Time Now() const override;
  // Timers fire only inside Advance (one with delay <= 0 on the next one).
  Timer RunAfter(absl::Duration delay, Callback callback) const override;
  Timer RunEvery(absl::Duration period, Callback callback) const override;

  // Moves time forward by `d` (>= 0). Each timer due by then runs, earliest
  // first, with Now() reading its due time while it runs; a RunEvery timer
  // runs once per period passed. Callbacks must not call Advance.
  // Thread-safe: concurrent Advances run one after the other.
  void Advance(absl::Duration d);

  // How many timers are scheduled.
  size_t pending_timers() const { return queue_.size(); }

  // Blocks (in real time, up to `timeout`) until at least `count` timers are
  // scheduled: for a test to wait until another thread has scheduled one,
  // e.g. a retry, before advancing. True if they are.
  bool AwaitPendingTimers(size_t count, absl::Duration timeout) const {
    return queue_.AwaitSize(count, timeout);
  }

 private:
  mutable TimerQueue queue_;
  absl::Mutex advance_mu_;  // Serialises Advance.
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_FAKE_CLOCK_H_
