#include "gateway/failed_auth_limiter.h"

namespace tgauth::gateway {

bool FailedAuthLimiter::Exhausted(absl::string_view address) const {
  return RetryAfter(address) > absl::ZeroDuration();
}

absl::Duration FailedAuthLimiter::RetryAfter(absl::string_view address) const {
  const absl::Time now = clock_.Now();
  absl::MutexLock lock(&mu_);
  auto it = windows_.find(address);
  if (it == windows_.end() || it->second.failures < limits_.max_failures) {
    return absl::ZeroDuration();
  }
  const absl::Time end = it->second.start + limits_.window;
  return end > now ? end - now : absl::ZeroDuration();
}

void FailedAuthLimiter::RecordFailure(absl::string_view address) {
  const absl::Time now = clock_.Now();
  absl::MutexLock lock(&mu_);
  auto it = windows_.find(address);
  if (it == windows_.end()) {
    if (windows_.size() >= limits_.max_addresses) {
      for (auto old = windows_.begin(); old != windows_.end();) {
        if (old->second.start + limits_.window <= now) {
          windows_.erase(old++);
        } else {
          ++old;
        }
      }
      if (windows_.size() >= limits_.max_addresses) return;
    }
    it = windows_.emplace(std::string(address), Window{.start = now}).first;
  }
  Window& window = it->second;
  if (window.start + limits_.window <= now) window = Window{.start = now};
  ++window.failures;
}

}  // namespace tgauth::gateway
