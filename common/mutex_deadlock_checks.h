// Debian builds Abseil without NDEBUG, which leaves absl::Mutex's deadlock
// detection on: every Lock() and every Mutex's destruction also updates one
// process-wide graph of lock orders under one process-wide lock. Under
// bench/run-login-bench that graph (GraphCycles) is about 1-2 % of each
// binary's CPU in `perf record`, and a point where all threads meet. The
// binaries turn it off; unit tests keep it, where it finds lock-order bugs.
// Header-only: only the binaries call it.
#ifndef TGAUTH_COMMON_MUTEX_DEADLOCK_CHECKS_H_
#define TGAUTH_COMMON_MUTEX_DEADLOCK_CHECKS_H_

#include "absl/synchronization/mutex.h"

namespace tgauth {

// Call first thing in main, before any thread starts.
inline void SkipMutexDeadlockChecks() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

}  // namespace tgauth

#endif  // TGAUTH_COMMON_MUTEX_DEADLOCK_CHECKS_H_
