// Fixed-window request counting, so unauthenticated callers cannot fill
// Redis with pending logins. Redis in production: shared by every replica.
#ifndef TGAUTH_STORAGE_RATE_LIMITER_H_
#define TGAUTH_STORAGE_RATE_LIMITER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth::storage {

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;

  // Counts one request against `bucket` (e.g. "create-login:203.0.113.7") in
  // the current window of length `window`, which starts with the bucket's
  // first request. True if at most `limit` requests, this one included, fell
  // in the window. INVALID_ARGUMENT if limit < 1 or window <= 0; UNAVAILABLE
  // if the store is unreachable.
  virtual absl::StatusOr<bool> Allow(absl::string_view bucket, int limit,
                                     absl::Duration window) = 0;

  // Counts nothing: true if `limit` or more requests were counted in
  // `bucket`'s current window (false when it has none), for limits that
  // count only failures and refuse every attempt once `limit` failures used
  // up the window's budget. INVALID_ARGUMENT
  // if limit < 1; UNAVAILABLE if the store is unreachable.
  virtual absl::StatusOr<bool> Exceeded(absl::string_view bucket, int limit) = 0;

  // Drops `bucket`'s count (a bucket named after a person's account is
  // personal data, erased with the account). OK if it has none;
  // UNAVAILABLE if the store is unreachable.
  virtual absl::Status Forget(absl::string_view bucket) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_RATE_LIMITER_H_
