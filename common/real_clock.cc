#include "common/real_clock.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace tgauth {

RealClock::~RealClock() {
  std::thread thread;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    thread = std::move(thread_);
  }
  queue_.Wake();
  if (thread.joinable()) thread.join();
}

absl::Time RealClock::Now() const { return absl::Now(); }

const Clock& WallClock() {
  static const RealClock* const clock = new RealClock();
  return *clock;
}

Timer RealClock::RunAfter(absl::Duration delay, Callback callback) const {
  StartThreadOnce();
  const uint64_t id = queue_.Add(Now() + delay, absl::ZeroDuration(), std::move(callback));
  return Timer(queue_, id);
}

Timer RealClock::RunEvery(absl::Duration period, Callback callback) const {
  StartThreadOnce();
  period = std::max(period, absl::Nanoseconds(1));
  const uint64_t id = queue_.Add(Now() + period, period, std::move(callback));
  return Timer(queue_, id);
}

void RealClock::StartThreadOnce() const {
  absl::MutexLock lock(&mu_);
  if (!thread_.joinable() && !stopping_) thread_ = std::thread([this] { Run(); });
}

void RealClock::Run() const {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    if (queue_.RunOneDue(Now())) continue;
    queue_.WaitUntil(queue_.NextDue());
  }
}

}  // namespace tgauth
