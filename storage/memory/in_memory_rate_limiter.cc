#include "storage/memory/in_memory_rate_limiter.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tgauth::storage {

absl::StatusOr<bool> InMemoryRateLimiter::Allow(absl::string_view bucket, int limit,
                                                absl::Duration window) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (limit < 1) return absl::InvalidArgumentError("limit must be at least 1");
  if (window <= absl::ZeroDuration()) return absl::InvalidArgumentError("window must be positive");
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  Window& w = windows_[std::string(bucket)];
  if (now >= w.ends) w = Window{.count = 0, .ends = now + window};
  return ++w.count <= limit;
}

absl::StatusOr<bool> InMemoryRateLimiter::Exceeded(absl::string_view bucket, int limit) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (limit < 1) return absl::InvalidArgumentError("limit must be at least 1");
  absl::MutexLock lock(&mu_);
  auto it = windows_.find(bucket);
  return it != windows_.end() && clock_.Now() < it->second.ends && it->second.count >= limit;
}

absl::Status InMemoryRateLimiter::Forget(absl::string_view bucket) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  windows_.erase(bucket);
  return absl::OkStatus();
}

}  // namespace tgauth::storage
