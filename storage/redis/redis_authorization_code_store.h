// AuthorizationCodeStore on Redis: one HASH per code under
// <prefix>oauth-code:<hex SHA-256 of the code>, expiring by PEXPIRE. Issuing
// and redeeming are one Lua script each, so a code is redeemed at most once
// across replicas, and a redeemed code is kept (with a new TTL) to tell
// reuse apart from an unknown code.
#ifndef TGAUTH_STORAGE_REDIS_REDIS_AUTHORIZATION_CODE_STORE_H_
#define TGAUTH_STORAGE_REDIS_REDIS_AUTHORIZATION_CODE_STORE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "storage/authorization_code_store.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

class RedisAuthorizationCodeStore final : public AuthorizationCodeStore {
 public:
  // `redis` must outlive the store; `key_prefix` namespaces every key.
  explicit RedisAuthorizationCodeStore(RedisClient& redis, std::string key_prefix = "tgauth:");

  // After a lost reply, reads the key back: the code is random, so a key
  // that exists is this call's. INTERNAL if the CSPRNG fails.
  absl::StatusOr<std::string> Issue(const AuthorizationCode& code,
                                    absl::Duration lifetime) override;
  // Each call marks its redemption with a random attempt id; after a lost
  // reply the hash is read back, and the call that wrote its id is kFirst.
  // INTERNAL if the hash is corrupt.
  absl::StatusOr<RedeemedCode> Redeem(absl::string_view code, absl::Duration retain_for) override;
  // One script, safe to resend (idempotent for the same id).
  absl::Status RecordSession(absl::string_view code, absl::string_view session_id) override;

 private:
  // The Redis key of `code`; INVALID_ARGUMENT if `code` is malformed.
  absl::StatusOr<std::string> KeyFor(absl::string_view code) const;

  RedisClient& redis_;
  const std::string key_prefix_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_AUTHORIZATION_CODE_STORE_H_
