// A cheap, bounded check that Redis answers: PING on a connection of its own
// (OpenRedisContext, whose timeout bounds the connect and the command), so a
// busy pool never delays it. For readiness (common/health_monitor.h).
#ifndef TGAUTH_STORAGE_REDIS_REDIS_PROBE_H_
#define TGAUTH_STORAGE_REDIS_REDIS_PROBE_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

class RedisProbe {
 public:
  RedisProbe(RedisEndpoint endpoint, absl::Duration timeout)
      : endpoint_(std::move(endpoint)), timeout_(timeout) {}

  // OK if Redis answered PONG within the timeout; UNAVAILABLE or
  // UNAUTHENTICATED (as OpenRedisContext) otherwise, after which the next
  // Check opens a new connection. Not thread-safe.
  absl::Status Check();

 private:
  const RedisEndpoint endpoint_;
  const absl::Duration timeout_;
  RedisContextPtr context_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_PROBE_H_
