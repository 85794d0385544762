#include "storage/redis/redis_signed_data_ledger.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"

namespace tgauth::storage {

RedisSignedDataLedger::RedisSignedDataLedger(RedisClient& redis, std::string key_prefix)
    : redis_(redis), key_prefix_(std::move(key_prefix)) {}

std::string RedisSignedDataLedger::KeyFor(absl::string_view digest) const {
  return absl::StrCat(key_prefix_, "signed:", digest);
}

absl::StatusOr<bool> RedisSignedDataLedger::Claim(absl::string_view digest,
                                                  absl::Duration retain_for) {
  if (retain_for <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("retention must be positive");
  }
  // Whole milliseconds, rounded up so a short retention never becomes 0.
  const std::string retain_ms =
      absl::StrCat(absl::Ceil(retain_for, absl::Milliseconds(1)) / absl::Milliseconds(1));
  // The value is this call's own, so that after a connection broke with the
  // outcome unknown, reading it back tells whether this SET ran.
  absl::StatusOr<std::string> mine = NewToken();
  if (!mine.ok()) return mine.status();
  const std::string key = KeyFor(digest);
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<RedisReply> reply =
        redis_.Command({"SET", key, *mine, "NX", "PX", retain_ms}, RedisResend::kNever);
    if (reply.ok()) return !reply->is_nil();  // SET NX answers nil when the key exists.
    if (!IsOutcomeUnknown(reply.status())) return reply.status();
    absl::StatusOr<RedisReply> stored = redis_.Command({"GET", key}, RedisResend::kAllowed);
    if (!stored.ok()) return stored.status();
    if (!stored->is_nil()) return stored->str() == *mine;
    // Nothing stored: the SET never ran. Once more, then give up.
    if (attempt == 1) return absl::UnavailableError("redis unavailable");
  }
}

absl::Status RedisSignedDataLedger::Release(absl::string_view digest) {
  return redis_.Command({"DEL", KeyFor(digest)}, RedisResend::kAllowed).status();
}

}  // namespace tgauth::storage
