// How long to wait before retrying a call to another service (the Bot API,
// a webhook subscriber): exponential, capped, with "equal jitter" (half
// fixed, half random), so replicas that failed together do not retry
// together.
#ifndef TGAUTH_COMMON_RETRY_BACKOFF_H_
#define TGAUTH_COMMON_RETRY_BACKOFF_H_

#include <algorithm>

#include "absl/random/random.h"
#include "absl/time/time.h"

namespace tgauth {

struct RetryBackoff {
  absl::Duration initial;  // The wait after the first attempt; doubles per attempt.
  absl::Duration max;      // Cap of the doubled wait.

  // The wait after `attempts_made` (>= 1) attempts: between half and all of
  // min(initial * 2^(attempts_made - 1), max).
  absl::Duration After(int attempts_made, absl::BitGen& random) const {
    absl::Duration wait = initial;
    for (int i = 1; i < attempts_made && wait < max; ++i) wait *= 2;
    wait = std::min(wait, max);
    return wait / 2 + absl::Uniform(random, 0.0, 1.0) * (wait / 2);
  }
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_RETRY_BACKOFF_H_
