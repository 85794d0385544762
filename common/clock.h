// Time as a dependency, so domain code and tests agree on "now" and tests can
// move time without sleeping. The clock also schedules: every background loop
// runs its periodic work on Clock timers, so a FakeClock drives it in tests.
// RealClock (common/real_clock.h) is wall-clock time; FakeClock
// (common/fake_clock.h) moves only when told to.
#ifndef TGAUTH_COMMON_CLOCK_H_
#define TGAUTH_COMMON_CLOCK_H_

#include "absl/functional/any_invocable.h"
#include "absl/time/time.h"
#include "common/timer.h"

namespace tgauth {

class Clock {
 public:
  // Runs on the clock's timer thread (RealClock) or inside Advance
  // (FakeClock). It must not block for long: other timers wait for it.
  using Callback = absl::AnyInvocable<void()>;

  virtual ~Clock() = default;

  // The current time.
  virtual absl::Time Now() const = 0;

  // Runs `callback` once, `delay` from Now() (a delay <= 0 means as soon as
  // possible). The returned Timer unschedules it when cancelled or destroyed;
  // the clock must outlive the Timer.
  virtual Timer RunAfter(absl::Duration delay, Callback callback) const = 0;

  // Runs `callback` every `period` (> 0) from Now(): first at Now() + period.
  // A run that overruns its period delays the next one rather than piling
  // them up. Same Timer contract as RunAfter.
  virtual Timer RunEvery(absl::Duration period, Callback callback) const = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_CLOCK_H_
