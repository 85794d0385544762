#include "storage/redis/redis_signed_data_ledger.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

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
  absl::StatusOr<RedisReply> reply =
      redis_.Command({"SET", KeyFor(digest), "1", "NX", "PX", retain_ms});
  if (!reply.ok()) return reply.status();
  return !reply->is_nil();  // SET NX answers nil when the key exists.
}

absl::Status RedisSignedDataLedger::Release(absl::string_view digest) {
  return redis_.Command({"DEL", KeyFor(digest)}).status();
}

}  // namespace tgauth::storage
