// RateLimiter on Redis: one counter key per bucket, expiring with its window.
#ifndef TGAUTH_STORAGE_REDIS_REDIS_RATE_LIMITER_H_
#define TGAUTH_STORAGE_REDIS_REDIS_RATE_LIMITER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "storage/rate_limiter.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

class RedisRateLimiter final : public RateLimiter {
 public:
  // `redis` must outlive the limiter.
  explicit RedisRateLimiter(RedisClient& redis, std::string key_prefix = "tgauth:")
      : redis_(redis), key_prefix_(std::move(key_prefix)) {}

  // INCR, and PEXPIRE on the window's first request, in one script.
  absl::StatusOr<bool> Allow(absl::string_view bucket, int limit, absl::Duration window) override;
  // GET of the counter, which expires with its window.
  absl::StatusOr<bool> Exceeded(absl::string_view bucket, int limit) override;
  absl::Status Forget(absl::string_view bucket) override;

  // The counter key of `bucket` under `key_prefix`, for scripts that count
  // in the same buckets (RedisPendingLoginStore's quotas).
  static std::string KeyFor(absl::string_view key_prefix, absl::string_view bucket);

 private:
  RedisClient& redis_;
  const std::string key_prefix_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_RATE_LIMITER_H_
