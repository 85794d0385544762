// Counts failed authentications per client and refuses a client that failed
// too often, so a secret cannot be guessed at network speed. Clients are
// grouped by common/client_address.h's RateLimitKey (an IPv6 /64 is one
// client). In memory and per gateway process: an attacker spread over
// replicas gets each replica's budget, which is still far too little
// against a secret of 32 or more characters.
#ifndef TGAUTH_GATEWAY_FAILED_AUTH_LIMITER_H_
#define TGAUTH_GATEWAY_FAILED_AUTH_LIMITER_H_

#include <cstddef>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace tgauth::gateway {

struct FailedAuthLimits {
  int max_failures = 10;  // Per client per window; then refused.
  absl::Duration window = absl::Minutes(1);
  size_t max_addresses = 10000;  // Clients tracked at once (memory bound).
};

class FailedAuthLimiter {
 public:
  // `clock` must outlive the limiter.
  FailedAuthLimiter(FailedAuthLimits limits, const Clock& clock) : limits_(limits), clock_(clock) {}

  // Counts one failure of the client at `address`. When max_addresses are
  // tracked, windows that ended are forgotten first, then the window that
  // started longest ago: a new client is always tracked, and the table
  // never grows past the bound.
  void RecordFailure(absl::string_view address);

  // How long until the client at `address` may fail again; zero if it may
  // now. While it is positive the caller refuses further failures (429).
  absl::Duration RetryAfter(absl::string_view address) const;

 private:
  struct Window {
    absl::Time start;
    int failures = 0;
  };

  // Makes room for one more window in a full table.
  void Evict(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const FailedAuthLimits limits_;
  const Clock& clock_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Window> windows_ ABSL_GUARDED_BY(mu_);  // By RateLimitKey.
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_FAILED_AUTH_LIMITER_H_
