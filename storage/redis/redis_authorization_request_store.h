// AuthorizationRequestStore on Redis: one HASH per request under
// <prefix>oauth-request:<hex SHA-256 of the handle>, expiring by PEXPIRE;
// consuming is one Lua script (read and delete), so a request is used up
// at most once across replicas.
#ifndef TGAUTH_STORAGE_REDIS_REDIS_AUTHORIZATION_REQUEST_STORE_H_
#define TGAUTH_STORAGE_REDIS_REDIS_AUTHORIZATION_REQUEST_STORE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "storage/authorization_request_store.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

class RedisAuthorizationRequestStore final : public AuthorizationRequestStore {
 public:
  // `redis` must outlive the store; `key_prefix` namespaces every key.
  explicit RedisAuthorizationRequestStore(RedisClient& redis, std::string key_prefix = "tgauth:");

  // After a lost reply, reads the key back (CreateHashUnderFreshKey).
  absl::StatusOr<std::string> Put(const AuthorizationRequest& request,
                                  absl::Duration lifetime) override;
  // HGETALL. INTERNAL if the hash is corrupt.
  absl::StatusOr<AuthorizationRequest> Describe(absl::string_view handle) override;
  // HGETALL + DEL in one script, never resent. INTERNAL if the hash is corrupt.
  absl::StatusOr<AuthorizationRequest> Consume(absl::string_view handle) override;

 private:
  // The Redis key of `handle`; INVALID_ARGUMENT if `handle` is malformed.
  absl::StatusOr<std::string> KeyFor(absl::string_view handle) const;

  RedisClient& redis_;
  const std::string key_prefix_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_AUTHORIZATION_REQUEST_STORE_H_
