// Wall-clock time; timers run on one thread the clock owns, started with the
// first timer and joined on destruction.
#ifndef TGAUTH_COMMON_REAL_CLOCK_H_
#define TGAUTH_COMMON_REAL_CLOCK_H_

#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "common/timer_queue.h"

namespace tgauth {

class RealClock final : public Clock {
 public:
  RealClock() = default;
  // Joins the timer thread. Every Timer must be gone (or cancelled) by then.
  ~RealClock() override;

  absl::Time Now() const override;
  Timer RunAfter(absl::Duration delay, Callback callback) const override;
  Timer RunEvery(absl::Duration period, Callback callback) const override;

 private:
  void StartThreadOnce() const;
  void Run() const;

  mutable TimerQueue queue_;
  mutable absl::Mutex mu_;
  mutable bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  mutable std::thread thread_ ABSL_GUARDED_BY(mu_);
};

// The process's wall clock, for what has no Clock injected by design: log
// line stamps, the HTTP Date header, gRPC transport deadlines. Never
// destroyed; its timers are usable but belong on an injected clock instead.
const Clock& WallClock();

}  // namespace tgauth

#endif  // TGAUTH_COMMON_REAL_CLOCK_H_
