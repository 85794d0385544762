#include "gateway/failed_auth_limiter.h"

#include "common/client_address.h"

namespace tgauth::gateway {

absl::Duration FailedAuthLimiter::RetryAfter(absl::string_view address) const {
  const absl::Time now = clock_.Now();
  absl::MutexLock lock(&mu_);
  auto it = windows_.find(RateLimitKey(address));
  if (it == windows_.end() || it->second.failures < limits_.max_failures) {
    return absl::ZeroDuration();
  }
  const absl::Time end = it->second.start + limits_.window;
  return end > now ? end - now : absl::ZeroDuration();
}

void FailedAuthLimiter::RecordFailure(absl::string_view address) {
  const absl::Time now = clock_.Now();
  std::string key = RateLimitKey(address);
  absl::MutexLock lock(&mu_);
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= limits_.max_addresses) Evict(now);
    it = windows_.emplace(std::move(key), Window{.start = now}).first;
  }
  Window& window = it->second;
  if (window.start + limits_.window <= now) window = Window{.start = now};
  ++window.failures;
}

void FailedAuthLimiter::Evict(absl::Time now) {
  auto oldest = windows_.end();
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (it->second.start + limits_.window <= now) {
      windows_.erase(it++);
      continue;
    }
    if (oldest == windows_.end() || it->second.start < oldest->second.start) oldest = it;
    ++it;
  }
  // Forgetting a client lets it fail again sooner; refusing to track a new
  // one would let every new address fail without limit.
  if (windows_.size() >= limits_.max_addresses && oldest != windows_.end()) windows_.erase(oldest);
}

}  // namespace tgauth::gateway
