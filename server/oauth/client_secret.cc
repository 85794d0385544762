#include "server/oauth/client_secret.h"

#include <utility>

#include "common/secure_token.h"

namespace tgauth {

absl::StatusOr<ClientSecret> NewClientSecret() {
  absl::StatusOr<std::string> secret = NewToken();
  if (!secret.ok()) return secret.status();
  ClientSecret issued{.secret = *std::move(secret)};
  issued.hash = Sha256(issued.secret);
  return issued;
}

bool ClientSecretMatches(absl::string_view stored_hash, absl::string_view presented) {
  // Hashing first makes both sides 32 bytes, so the time depends on neither.
  return ConstantTimeEquals(Sha256(presented), stored_hash);
}

}  // namespace tgauth
