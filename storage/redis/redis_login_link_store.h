// LoginLinkStore on Redis: one HASH per link under <prefix>login-link:<key>,
// expiring by PEXPIRE; create and consume are one Lua script each, so a link
// is handed out at most once across replicas.
#ifndef TGAUTH_STORAGE_REDIS_REDIS_LOGIN_LINK_STORE_H_
#define TGAUTH_STORAGE_REDIS_REDIS_LOGIN_LINK_STORE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "storage/login_link_store.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

class RedisLoginLinkStore final : public LoginLinkStore {
 public:
  // `redis` must outlive the store; `key_prefix` namespaces every key.
  explicit RedisLoginLinkStore(RedisClient& redis, std::string key_prefix = "tgauth:");

  // ALREADY_EXISTS if `key` is held; INVALID_ARGUMENT if already expired;
  // UNAVAILABLE if Redis is unreachable.
  absl::Status Create(absl::string_view key, const LoginLink& link, absl::Time now) override;
  // HGETALL + DEL in one script. NOT_FOUND if absent (or expired by Redis);
  // INTERNAL if the hash is corrupt.
  absl::StatusOr<LoginLink> Consume(absl::string_view key) override;
  // HGETALL. NOT_FOUND if absent (or expired by Redis); INTERNAL if the
  // hash is corrupt.
  absl::StatusOr<LoginLink> Find(absl::string_view key) override;

 private:
  std::string KeyFor(absl::string_view key) const;

  RedisClient& redis_;
  const std::string key_prefix_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_LOGIN_LINK_STORE_H_
