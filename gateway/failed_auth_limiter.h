// Counts failed authentications per client address and refuses an address
// that failed too often, so a secret cannot be guessed at network speed.
// In memory and per gateway process: an attacker spread over replicas gets
// each replica's budget, which is still far too little against a secret of
// 32 or more characters.
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
  int max_failures = 10;  // Per address per window; then refused.
  absl::Duration window = absl::Minutes(1);
  size_t max_addresses = 10000;  // Addresses tracked at once (memory bound).
};

class FailedAuthLimiter {
 public:
  // `clock` must outlive the limiter.
  FailedAuthLimiter(FailedAuthLimits limits, const Clock& clock) : limits_(limits), clock_(clock) {}

  // True if `address` has used up its failures in the current window: the
  // caller should refuse it (429) without checking its credential.
  bool Exhausted(absl::string_view address) const;

  // Counts one failure of `address`. When max_addresses are tracked, windows
  // that ended are forgotten first; if none has, the address is not tracked
  // (the table never grows past the bound).
  void RecordFailure(absl::string_view address);

  // How long until `address` may try again; zero if it may now.
  absl::Duration RetryAfter(absl::string_view address) const;

 private:
  struct Window {
    absl::Time start;
    int failures = 0;
  };

  const FailedAuthLimits limits_;
  const Clock& clock_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Window> windows_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_FAILED_AUTH_LIMITER_H_
