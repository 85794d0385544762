// RateLimiter in memory, for unit tests of domain logic. Thread-safe; honours
// the same contract as RedisRateLimiter (tests/storage checks both).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_RATE_LIMITER_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_RATE_LIMITER_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "storage/memory/fake_support.h"
#include "storage/rate_limiter.h"

namespace tgauth::storage {

class InMemoryRateLimiter final : public RateLimiter {
 public:
  // `clock` must outlive the limiter.
  explicit InMemoryRateLimiter(const Clock& clock) : clock_(clock) {}

  absl::StatusOr<bool> Allow(absl::string_view bucket, int limit, absl::Duration window) override;
  absl::StatusOr<bool> Exceeded(absl::string_view bucket, int limit) override;
  absl::Status Forget(absl::string_view bucket) override;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  struct Window {
    int count = 0;
    absl::Time ends;
  };
  const Clock& clock_;
  FailureInjector failures_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Window> windows_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_RATE_LIMITER_H_
