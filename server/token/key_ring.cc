#include "server/token/key_ring.h"

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"

namespace tgauth {

absl::StatusOr<std::unique_ptr<KeyRing>> KeyRing::Create(
    std::vector<std::unique_ptr<SigningKey>> keys) {
  if (keys.empty()) return absl::InvalidArgumentError("no signing key");
  absl::flat_hash_set<std::string> kids;
  v1::GetJwksResponse jwks;
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
    if (!kids.insert((*it)->kid()).second) {
      return absl::InvalidArgumentError("the same signing key is configured twice");
    }
    *jwks.add_keys() = (*it)->public_jwk();
  }
  return std::unique_ptr<KeyRing>(new KeyRing(std::move(keys), std::move(jwks)));
}

const SigningKey* KeyRing::Find(absl::string_view kid) const {
  // A handful of keys at most: a scan beats hashing.
  for (const std::unique_ptr<SigningKey>& key : keys_) {
    if (key->kid() == kid) return key.get();
  }
  return nullptr;
}

}  // namespace tgauth
