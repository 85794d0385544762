// Whether a process can do its work right now: runs named checks (is
// PostgreSQL reachable? is Redis?) every `period` on a Clock timer and
// reports the combined verdict whenever it changes, so a readiness probe
// (the gRPC health service, server/app/server_app.cc) follows an outage and
// its end without a restart. A check must return within a bounded time (its
// own timeouts): the next round waits for it.
#ifndef TGAUTH_COMMON_HEALTH_MONITOR_H_
#define TGAUTH_COMMON_HEALTH_MONITOR_H_

#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/background_loop.h"
#include "common/clock.h"

namespace tgauth {

struct HealthCheck {
  std::string name;                          // In log lines: "postgresql".
  absl::AnyInvocable<absl::Status()> check;  // OK: healthy.
};

class HealthMonitor final : public BackgroundLoop {
 public:
  // Called with true (every check passed) or false, on the first round and
  // then on every change, on the thread that ran the round.
  using OnChange = absl::AnyInvocable<void(bool healthy)>;

  // `clock` must outlive the monitor; `period` > 0.
  HealthMonitor(absl::Duration period, std::vector<HealthCheck> checks, const Clock& clock,
                OnChange on_change)
      : period_(period),
        checks_(std::move(checks)),
        clock_(clock),
        on_change_(std::move(on_change)) {}
  ~HealthMonitor() override;  // Stop().

  // Runs one round on the calling thread, reporting it, then one every
  // `period`. Returns the first failing check's status of that first round
  // (the monitor keeps checking anyway).
  absl::Status Start() override;
  void Stop() override;

  // The verdict of the last round; false before the first.
  bool healthy() const;

 private:
  // Runs every check, reports a change, and returns the first failure.
  absl::Status CheckOnce();

  const absl::Duration period_;
  std::vector<HealthCheck> checks_;  // Touched only by CheckOnce (one at a time).
  const Clock& clock_;
  OnChange on_change_;
  mutable absl::Mutex mu_;
  bool reported_ ABSL_GUARDED_BY(mu_) = false;
  bool healthy_ ABSL_GUARDED_BY(mu_) = false;
  Timer rounds_;
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_HEALTH_MONITOR_H_
