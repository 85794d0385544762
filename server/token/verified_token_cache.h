// Claims of access tokens whose signature and claims already verified, keyed
// by the SHA-256 of the whole token: an internal service validates the same
// token on every request of a user, and an ES256 verification costs far
// more than the RPC carrying it. A tampered token hashes differently, so it is verified in full;
// expiry and revocation are still checked on every call by the validator.
#ifndef TGAUTH_SERVER_TOKEN_VERIFIED_TOKEN_CACHE_H_
#define TGAUTH_SERVER_TOKEN_VERIFIED_TOKEN_CACHE_H_

#include <array>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "server/token/access_token_signer.h"

namespace tgauth {

class VerifiedTokenCache {
 public:
  // Holds at most about `capacity` tokens.
  explicit VerifiedTokenCache(size_t capacity = 100'000)
      : shard_capacity_(capacity / kShards + 1) {}

  // The claims cached for `token_hash` (32 raw bytes), or nullopt.
  std::optional<AccessTokenClaims> Find(absl::string_view token_hash) const;

  // Caches `claims` for `token_hash` until `now` passes claims.expires_at.
  // When the shard is full, expired entries go first; if none, the shard is
  // emptied (a burst of misses is cheaper than LRU bookkeeping per hit).
  void Insert(absl::string_view token_hash, const AccessTokenClaims& claims, absl::Time now);

 private:
  static constexpr size_t kShards = 16;  // Spreads lock contention across workers.
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, AccessTokenClaims> entries ABSL_GUARDED_BY(mu);
  };
  Shard& ShardFor(absl::string_view token_hash) const;

  const size_t shard_capacity_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_VERIFIED_TOKEN_CACHE_H_
