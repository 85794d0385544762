#include "common/fake_clock.h"

#include <algorithm>

namespace tgauth {

absl::Time FakeClock::Now() const {
  absl::MutexLock lock(&mu_);
  return now_;
}

Timer FakeClock::RunAfter(absl::Duration delay, Callback callback) const {
  const uint64_t id = queue_.Add(Now() + delay, absl::ZeroDuration(), std::move(callback));
  return Timer(queue_, id);
}

Timer FakeClock::RunEvery(absl::Duration period, Callback callback) const {
  period = std::max(period, absl::Nanoseconds(1));
  const uint64_t id = queue_.Add(Now() + period, period, std::move(callback));
  return Timer(queue_, id);
}

void FakeClock::Advance(absl::Duration d) {
  absl::MutexLock advancing(&advance_mu_);
  const absl::Time target = Now() + std::max(d, absl::ZeroDuration());
  while (true) {
    const absl::Time next = queue_.NextDue();
    if (next > target) break;
    absl::Time now;
    {
      absl::MutexLock lock(&mu_);
      now_ = std::max(now_, next);
      now = now_;
    }
    queue_.RunOneDue(now);
  }
  absl::MutexLock lock(&mu_);
  now_ = target;
}

}  // namespace tgauth
