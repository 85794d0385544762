#include "server/token/verified_token_cache.h"

#include "absl/container/flat_hash_map.h"

namespace tgauth {

VerifiedTokenCache::Shard& VerifiedTokenCache::ShardFor(absl::string_view token_hash) const {
  // The hash is uniformly random: its first byte picks the shard.
  return shards_[static_cast<unsigned char>(token_hash.empty() ? 0 : token_hash[0]) % kShards];
}

std::optional<AccessTokenClaims> VerifiedTokenCache::Find(absl::string_view token_hash) const {
  Shard& shard = ShardFor(token_hash);
  absl::ReaderMutexLock lock(&shard.mu);
  auto it = shard.entries.find(token_hash);
  if (it == shard.entries.end()) return std::nullopt;
  return it->second;
}

void VerifiedTokenCache::Insert(absl::string_view token_hash, const AccessTokenClaims& claims,
                                absl::Time now) {
  Shard& shard = ShardFor(token_hash);
  absl::MutexLock lock(&shard.mu);
  if (shard.entries.size() >= shard_capacity_) {
    absl::erase_if(shard.entries, [now](const auto& e) { return e.second.expires_at <= now; });
    if (shard.entries.size() >= shard_capacity_) shard.entries.clear();
  }
  shard.entries.insert_or_assign(std::string(token_hash), claims);
}

}  // namespace tgauth
