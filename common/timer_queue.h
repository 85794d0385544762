// The scheduled callbacks behind a Clock's RunAfter/RunEvery: due times,
// periods, and the one callback running at a time. Knows no clock itself;
// RealClock and FakeClock decide when "now" is and call RunOneDue.
#ifndef TGAUTH_COMMON_TIMER_QUEUE_H_
#define TGAUTH_COMMON_TIMER_QUEUE_H_

#include <cstdint>
#include <set>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace tgauth {

class TimerQueue {
 public:
  using Callback = absl::AnyInvocable<void()>;

  // Schedules `callback` at `due`, then (if `period` > 0) every `period`
  // after. Returns its id (never 0).
  uint64_t Add(absl::Time due, absl::Duration period, Callback callback);

  // Unschedules `id`. If its callback is running on another thread, waits
  // for it to return; from inside the callback itself it only stops further
  // runs. Afterwards the callback is not running and will not run.
  void Cancel(uint64_t id);

  // True while `id` may still run (not cancelled; a one-shot not yet run).
  bool Scheduled(uint64_t id) const;

  // Runs the earliest callback due at or before `now`, on the calling
  // thread, and reschedules it if periodic (at due + period, or `now` if
  // that has passed). False if none was due. One caller at a time.
  bool RunOneDue(absl::Time now);

  // The earliest due time, or absl::InfiniteFuture() when nothing is
  // scheduled.
  absl::Time NextDue() const;

  // How many callbacks are scheduled.
  size_t size() const;

  // Blocks until NextDue() becomes earlier than `next`, Wake() is (or was,
  // since the last WaitUntil) called, or the wall clock reaches `next`. For
  // RealClock's thread.
  void WaitUntil(absl::Time next);

  // Wakes WaitUntil, e.g. to stop its thread.
  void Wake();

  // Blocks until at least `count` callbacks are scheduled or `timeout` (wall
  // clock) passed; true if they are. For tests, waiting for another thread.
  bool AwaitSize(size_t count, absl::Duration timeout) const;

 private:
  struct Entry {
    absl::Time due;
    absl::Duration period;
    Callback callback;  // Empty while it runs.
  };
  absl::Time NextDueLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  bool woken_ ABSL_GUARDED_BY(mu_) = false;  // By Wake(), until WaitUntil returns.
  absl::flat_hash_map<uint64_t, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::set<std::pair<absl::Time, uint64_t>> order_ ABSL_GUARDED_BY(mu_);  // Not running.
  uint64_t running_ ABSL_GUARDED_BY(mu_) = 0;                             // Its id, or 0.
  std::thread::id running_on_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_TIMER_QUEUE_H_
