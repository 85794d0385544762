// PendingLoginStore on Redis: one HASH per login under <prefix>login:<key>
// that expires by PEXPIRE; every call is one round trip, and a transition is
// one Lua script that reads, checks, writes and publishes the wake-up (on
// RedisLoginEvents' channel), so concurrent transitions serialise
// (exactly-once redeem depends on it).
// Scripts are never resent after a broken connection: the store reads the
// login back and answers from what is stored.
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
  // UNAVAILABLE if Redis is unreachable. After a broken connection, OK if
  // the stored login has this login's poll token hash.
  absl::Status Create(absl::string_view key, const PendingLogin& login,
                      absl::Duration retain_for) override;
  // NOT_FOUND if absent or expired by Redis; INTERNAL if the hash is corrupt.
  absl::StatusOr<PendingLogin> Get(absl::string_view key) override;
  // One script: checks the state and guards, writes state, user and this
  // call's id, leaves the TTL, publishes <key> on <prefix>login-events when
  // change.wake. NOT_FOUND if absent. After a broken connection: applied
  // if the stored login carries this call's id, not applied if its state is
  // no longer `from`, else the script runs now (it had not run).
  absl::StatusOr<LoginTransition> Transition(absl::string_view key,
                                             const LoginChange& change) override;

 private:
  std::string KeyFor(absl::string_view key) const;

  RedisClient& redis_;
  const std::string key_prefix_;
  const std::string channel_;  // RedisLoginEvents' channel for this prefix.
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_PENDING_LOGIN_STORE_H_
