#include "storage/redis/redis_update_ledger.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace tgauth::storage {
namespace {

// What a processed update's key holds before its reply's bytes.
constexpr absl::string_view kDone = "done";

// Check and delete in one step, so a release never drops a "done" marker.
const RedisScript& ReleaseScript() {
  static const RedisScript* script = new RedisScript(R"lua(
if redis.call('GET', KEYS[1]) == 'processing' then return redis.call('DEL', KEYS[1]) end
return 0
)lua");
  return *script;
}

// Check and extend in one step, so a renewal never extends a "done" marker.
const RedisScript& RenewScript() {
  static const RedisScript* script = new RedisScript(R"lua(
if redis.call('GET', KEYS[1]) == 'processing' then return redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 0
)lua");
  return *script;
}

// PX argument: whole milliseconds, rounded up so a short time never becomes 0.
absl::StatusOr<std::string> Millis(absl::Duration d) {
  if (d <= absl::ZeroDuration()) return absl::InvalidArgumentError("duration must be positive");
  return absl::StrCat(absl::Ceil(d, absl::Milliseconds(1)) / absl::Milliseconds(1));
}

}  // namespace

RedisUpdateLedger::RedisUpdateLedger(RedisClient& redis, std::string key_prefix)
    : redis_(redis), key_prefix_(std::move(key_prefix)) {}

std::string RedisUpdateLedger::KeyFor(int64_t update_id) const {
  return absl::StrCat(key_prefix_, "update:", update_id);
}

absl::StatusOr<ClaimResult> RedisUpdateLedger::Claim(int64_t update_id, absl::Duration lease) {
  absl::StatusOr<std::string> ms = Millis(lease);
  if (!ms.ok()) return ms.status();
  // One command, no script: SET NX GET (Redis 7.0) sets the key when it is
  // absent (and answers nil) or answers what it holds. A resend may find
  // this very claim and answer "in progress": Telegram then delivers the
  // update again after the lease, which is harmless.
  absl::StatusOr<RedisReply> reply = redis_.Command(
      {"SET", KeyFor(update_id), "processing", "NX", "GET", "PX", *ms}, RedisResend::kAllowed);
  if (!reply.ok()) return reply.status();
  if (reply->is_nil()) return ClaimResult{UpdateClaim::kClaimed};
  absl::string_view value = reply->str();
  if (absl::ConsumePrefix(&value, kDone)) {
    return ClaimResult{UpdateClaim::kProcessed, std::string(value)};
  }
  // "processing": let Telegram come back later.
  return ClaimResult{UpdateClaim::kInProgress};
}

absl::Status RedisUpdateLedger::MarkProcessed(int64_t update_id, absl::string_view reply,
                                              absl::Duration retain_for) {
  absl::StatusOr<std::string> ms = Millis(retain_for);
  if (!ms.ok()) return ms.status();
  // One SET: the mark and the reply are never apart.
  return redis_
      .Command({"SET", KeyFor(update_id), absl::StrCat(kDone, reply), "PX", *ms},
               RedisResend::kAllowed)
      .status();
}

absl::Status RedisUpdateLedger::Renew(int64_t update_id, absl::Duration lease) {
  absl::StatusOr<std::string> ms = Millis(lease);
  if (!ms.ok()) return ms.status();
  return redis_.Eval(RenewScript(), {KeyFor(update_id)}, {*ms}, RedisResend::kAllowed).status();
}

absl::Status RedisUpdateLedger::Release(int64_t update_id) {
  return redis_.Eval(ReleaseScript(), {KeyFor(update_id)}, {}, RedisResend::kAllowed).status();
}

}  // namespace tgauth::storage
