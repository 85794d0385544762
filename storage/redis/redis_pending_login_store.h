// PendingLoginStore on Redis: one HASH per login under <prefix>login:<key>
// that expires by PEXPIRE; transitions are one Lua script each, so
// concurrent transitions serialise (exactly-once redeem depends on it).
#ifndef TGAUTH_STORAGE_REDIS_REDIS_PENDING_LOGIN_STORE_H_
#define TGAUTH_STORAGE_REDIS_REDIS_PENDING_LOGIN_STORE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "storage/pending_login_store.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

class RedisPendingLoginStore final : public PendingLoginStore {
 public:
  // `redis` must outlive the store; `key_prefix` namespaces every key.
  explicit RedisPendingLoginStore(RedisClient& redis, std::string key_prefix = "tgauth:");

  // ALREADY_EXISTS if `key` is taken; INVALID_ARGUMENT if retain_for <= 0;
  // UNAVAILABLE if Redis is unreachable.
  absl::Status Create(absl::string_view key, const PendingLogin& login,
                      absl::Duration retain_for) override;
  // NOT_FOUND if absent or expired by Redis; INTERNAL if the hash is corrupt.
  absl::StatusOr<PendingLogin> Get(absl::string_view key) override;
  // One script: checks the state, writes state and user, leaves the TTL.
  // NOT_FOUND if absent.
  absl::StatusOr<LoginTransition> Transition(absl::string_view key, LoginState from, LoginState to,
                                             const LoginUser* user) override;

 private:
  std::string KeyFor(absl::string_view key) const;

  RedisClient& redis_;
  const std::string key_prefix_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_PENDING_LOGIN_STORE_H_
