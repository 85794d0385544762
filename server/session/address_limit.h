// A limit on what one client address may do in a window: the key is
// RateLimitKey (common/client_address.h), so one client is one bucket however
// it spells its address, an IPv6 client is limited per /64, and a request
// without an address shares the "unknown" bucket instead of skipping the
// limit. The counts live in a RateLimiter, shared by every replica.
#ifndef TGAUTH_SERVER_SESSION_ADDRESS_LIMIT_H_
#define TGAUTH_SERVER_SESSION_ADDRESS_LIMIT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/rate_limiter.h"

namespace tgauth {

// How many events one address may cause per window; limit 0: no limit.
struct AddressLimitOptions {
  int limit = 0;
  absl::Duration window = absl::Minutes(1);
};

// The buckets of refresh tokens that were refused or unknown: a refresh and
// a logout by refresh token count against the same budget, so guessing
// through either is limited alike.
inline constexpr char kFailedRefreshTokenBuckets[] = "failed-refresh";

class AddressLimit {
 public:
  // `name` names the buckets ("create-login" -> "create-login:<key>");
  // `what` names the events in the refusal ("sign-in attempts"). `limiter`
  // must outlive this.
  AddressLimit(storage::RateLimiter& limiter, std::string name, std::string what,
               AddressLimitOptions options);

  // Counts one event from `ip`. RESOURCE_EXHAUSTED ("too many <what> from
  // this address; try again in <window>") once more than `limit` fell in the
  // window; UNAVAILABLE if the limiter is unreachable.
  absl::Status Count(absl::string_view ip) const;

  // Counts nothing: RESOURCE_EXHAUSTED while `ip` has used up the limit in
  // its current window (`limit` counted), for limits that Count only
  // failures; UNAVAILABLE.
  absl::Status Check(absl::string_view ip) const;

  // For limits that count only failures of calls that do not otherwise need
  // the limiter's store: Check, except that an unreachable limiter is logged
  // and lets the call through (OK), so the limit fails open.
  absl::Status Admit(absl::string_view ip) const;
  // Counts one failure of `ip`; the caller's answer stays its own refusal,
  // so an error of the limiter is ignored.
  void CountFailure(absl::string_view ip) const;

 private:
  std::string Bucket(absl::string_view ip) const;
  absl::Status Refusal() const;

  storage::RateLimiter& limiter_;
  const std::string name_;
  const std::string what_;
  const AddressLimitOptions options_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_ADDRESS_LIMIT_H_
