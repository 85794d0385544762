// What the PostgreSQL pool and the Redis client report about each call, for
// latency and error metrics, without knowing who listens (server/app
// turns the reports into Prometheus series).
#ifndef TGAUTH_STORAGE_STORE_CALL_OBSERVER_H_
#define TGAUTH_STORAGE_STORE_CALL_OBSERVER_H_

#include <chrono>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth::storage {

enum class StoreKind { kPostgres, kRedis };

// How full a connection pool is, at one moment.
struct PoolUse {
  int in_use = 0;  // Checked out by a call.
  int size = 0;    // Every connection of the pool.
};

class StoreCallObserver {
 public:
  virtual ~StoreCallObserver() = default;

  // One call finished. `operation` is one of a few fixed words: for
  // PostgreSQL "transaction", "read" or "statement" (Autocommit), for Redis the command ("GET",
  // "EVALSHA", ...), never an argument. `elapsed` includes waiting for a
  // pooled connection and a retry on a fresh one. `failed` when the store
  // itself failed (unreachable, a broken connection, an error reply: the
  // UNAVAILABLE and INTERNAL statuses storage composes), not for answers
  // such as NOT_FOUND. Runs on the caller's thread; must not block.
  virtual void OnStoreCall(StoreKind store, absl::string_view operation, absl::Duration elapsed,
                           bool failed) = 0;
};

// How long a call took, on a monotonic clock (the wall clock may step
// during a call).
class StoreCallTimer {
 public:
  StoreCallTimer() : start_(std::chrono::steady_clock::now()) {}
  absl::Duration Elapsed() const {
    return absl::FromChrono(std::chrono::steady_clock::now() - start_);
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_STORE_CALL_OBSERVER_H_
