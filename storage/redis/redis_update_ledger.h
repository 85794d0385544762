// UpdateLedger on Redis: <prefix>update:<id> holds "processing" for the
// lease, then "done" followed by the reply's bytes for the retention.
#ifndef TGAUTH_STORAGE_REDIS_REDIS_UPDATE_LEDGER_H_
#define TGAUTH_STORAGE_REDIS_REDIS_UPDATE_LEDGER_H_

#include <string>

#include "storage/redis/redis_client.h"
#include "storage/update_ledger.h"

namespace tgauth::storage {

class RedisUpdateLedger final : public UpdateLedger {
 public:
  // `redis` must outlive the ledger; `key_prefix` namespaces every key.
  explicit RedisUpdateLedger(RedisClient& redis, std::string key_prefix = "tgauth:");

  // One command: SET NX GET PX (Redis 7.0). INVALID_ARGUMENT if
  // lease <= 0; UNAVAILABLE if Redis is unreachable.
  absl::StatusOr<ClaimResult> Claim(int64_t update_id, absl::Duration lease) override;
  // Overwrites the claim with "done" and the reply, in one SET, for
  // `retain_for` (> 0, else INVALID_ARGUMENT).
  absl::Status MarkProcessed(int64_t update_id, absl::string_view reply,
                             absl::Duration retain_for) override;
  // Extends the entry only while it is still "processing" (never "done").
  absl::Status Renew(int64_t update_id, absl::Duration lease) override;
  // Deletes the entry only while it is still "processing" (never "done").
  absl::Status Release(int64_t update_id) override;

 private:
  std::string KeyFor(int64_t update_id) const;

  RedisClient& redis_;
  const std::string key_prefix_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_UPDATE_LEDGER_H_
