// The access token signing keys of a deployment (key rotation): the newest
// signs, every key verifies, and the JWS `kid` selects the key (RFC 7515
// section 4.1.4). Rotate by adding a new key as the newest, and drop the old
// one once the tokens it signed have expired (one access token lifetime).
#ifndef TGAUTH_SERVER_TOKEN_KEY_RING_H_
#define TGAUTH_SERVER_TOKEN_KEY_RING_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/token/signing_key.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class KeyRing {
 public:
  // `keys` oldest first; the last one signs. INVALID_ARGUMENT if empty or if
  // two keys share a `kid`.
  static absl::StatusOr<std::unique_ptr<KeyRing>> Create(
      std::vector<std::unique_ptr<SigningKey>> keys);

  const SigningKey& signing_key() const { return *keys_.back(); }

  // The key named by `kid`, or nullptr if the ring has none.
  const SigningKey* Find(absl::string_view kid) const;

  // Every key's public JWK, newest first (RFC 7517 JWK Set).
  const v1::GetJwksResponse& jwks() const { return jwks_; }

 private:
  KeyRing(std::vector<std::unique_ptr<SigningKey>> keys, v1::GetJwksResponse jwks)
      : keys_(std::move(keys)), jwks_(std::move(jwks)) {}

  std::vector<std::unique_ptr<SigningKey>> keys_;
  v1::GetJwksResponse jwks_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_KEY_RING_H_
