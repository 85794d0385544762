// SignedDataLedger on Redis: <prefix>signed:<digest> exists while the payload
// is remembered (SET NX with a PX expiry), shared by every replica.
#ifndef TGAUTH_STORAGE_REDIS_REDIS_SIGNED_DATA_LEDGER_H_
#define TGAUTH_STORAGE_REDIS_REDIS_SIGNED_DATA_LEDGER_H_

#include <string>

#include "storage/redis/redis_client.h"
#include "storage/signed_data_ledger.h"

namespace tgauth::storage {

class RedisSignedDataLedger final : public SignedDataLedger {
 public:
  // `redis` must outlive the ledger; `key_prefix` namespaces every key.
  explicit RedisSignedDataLedger(RedisClient& redis, std::string key_prefix = "tgauth:");

  // SET NX PX of a value unique to the call, never resent blindly: when the
  // connection breaks with the outcome unknown, the value read back says
  // whether this call recorded the digest. INVALID_ARGUMENT if
  // retain_for <= 0; UNAVAILABLE if Redis is unreachable.
  absl::StatusOr<bool> Claim(absl::string_view digest, absl::Duration retain_for) override;
  // DEL.
  absl::Status Release(absl::string_view digest) override;

 private:
  std::string KeyFor(absl::string_view digest) const;

  RedisClient& redis_;
  const std::string key_prefix_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_SIGNED_DATA_LEDGER_H_
