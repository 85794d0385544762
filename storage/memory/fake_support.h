// Shared by the in-memory fakes: failure injection, ids and time precision,
// so the fakes behave like the real stores without copying code.
#ifndef TGAUTH_STORAGE_MEMORY_FAKE_SUPPORT_H_
#define TGAUTH_STORAGE_MEMORY_FAKE_SUPPORT_H_

#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace tgauth::storage {

// Lets a test make a fake fail like an unreachable backend. Thread-safe.
class FailureInjector {
 public:
  static constexpr int kForever = std::numeric_limits<int>::max();

  // The next `count` calls return `status`; FailNextCalls(OkStatus()) heals.
  void FailNextCalls(absl::Status status, int count = kForever);

  // The status the current call must return: OK, or an injected failure.
  absl::Status Next();

 private:
  absl::Mutex mu_;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  int remaining_ ABSL_GUARDED_BY(mu_) = 0;
};

// A random version 4 UUID in lowercase text, like gen_random_uuid().
std::string NewFakeUuid();

// `t` truncated to whole microseconds, the precision PostgreSQL and the Redis
// store keep, so values read back from a fake equal those of a real store.
inline absl::Time ToStoredPrecision(absl::Time t) {
  return absl::FromUnixMicros(absl::ToUnixMicros(t));
}

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_FAKE_SUPPORT_H_
