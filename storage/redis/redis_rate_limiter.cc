#include "storage/redis/redis_rate_limiter.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace tgauth::storage {
namespace {

// Atomic, so a key never lives without its expiry (a crash between INCR
// and PEXPIRE would otherwise block the bucket forever).
const RedisScript& CountScript() {
  static const RedisScript* script = new RedisScript(R"lua(
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
)lua");
  return *script;
}

}  // namespace

std::string RedisRateLimiter::KeyFor(absl::string_view key_prefix, absl::string_view bucket) {
  return absl::StrCat(key_prefix, "rate:", bucket);
}

absl::StatusOr<bool> RedisRateLimiter::Allow(absl::string_view bucket, int limit,
                                             absl::Duration window) {
  if (limit < 1) return absl::InvalidArgumentError("limit must be at least 1");
  if (window <= absl::ZeroDuration()) return absl::InvalidArgumentError("window must be positive");
  const std::string key = KeyFor(key_prefix_, bucket);
  const std::string ms =
      absl::StrCat(absl::Ceil(window, absl::Milliseconds(1)) / absl::Milliseconds(1));
  // A resend may count this request twice: the limit errs on the strict side.
  absl::StatusOr<RedisReply> reply = redis_.Eval(CountScript(), {key}, {ms}, RedisResend::kAllowed);
  if (!reply.ok()) return reply.status();
  return reply->integer() <= limit;
}

absl::StatusOr<bool> RedisRateLimiter::Exceeded(absl::string_view bucket, int limit) {
  if (limit < 1) return absl::InvalidArgumentError("limit must be at least 1");
  absl::StatusOr<RedisReply> reply = redis_.Command({"GET", KeyFor(key_prefix_, bucket)}, RedisResend::kAllowed);
  if (!reply.ok()) return reply.status();
  int count = 0;
  if (!reply->is_nil() && !absl::SimpleAtoi(reply->str(), &count)) {
    return absl::InternalError("corrupt rate-limit counter");
  }
  return count >= limit;
}

absl::Status RedisRateLimiter::Forget(absl::string_view bucket) {
  return redis_.Command({"DEL", KeyFor(key_prefix_, bucket)}, RedisResend::kAllowed).status();
}

}  // namespace tgauth::storage
