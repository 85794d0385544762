#include "common/health_monitor.h"

#include "common/log.h"

namespace tgauth {

HealthMonitor::~HealthMonitor() { Stop(); }

absl::Status HealthMonitor::Start() {
  absl::Status first = CheckOnce();
  rounds_ = clock_.RunEvery(period_, [this] { CheckOnce().IgnoreError(); });
  return first;
}

void HealthMonitor::Stop() { rounds_.Cancel(); }

bool HealthMonitor::healthy() const {
  absl::MutexLock lock(&mu_);
  return healthy_;
}

absl::Status HealthMonitor::CheckOnce() {
  absl::Status first_failure;
  std::string failing;
  for (HealthCheck& check : checks_) {
    absl::Status status = check.check();
    if (status.ok()) continue;
    if (first_failure.ok()) first_failure = status;
    if (!failing.empty()) failing += "; ";
    failing += check.name + ": " + std::string(status.message());
  }
  const bool healthy = first_failure.ok();
  {
    absl::MutexLock lock(&mu_);
    if (reported_ && healthy == healthy_) return first_failure;
    reported_ = true;
    healthy_ = healthy;
  }
  if (healthy) {
    LogInfo("health: serving");
  } else {
    LogWarning("health: not serving", {{"failing", failing}});
  }
  on_change_(healthy);
  return first_failure;
}

}  // namespace tgauth
