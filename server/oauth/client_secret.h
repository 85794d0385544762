// A confidential OAuth client's secret (RFC 6749 section 2.3.1): 32 bytes
// from OpenSSL's CSPRNG as base64url (common/secure_token.h), shown once
// when issued and stored only as its SHA-256. A secret that cannot be
// guessed needs no salt or slow hash, as tgauth's other bearer secrets.
#ifndef TGAUTH_SERVER_OAUTH_CLIENT_SECRET_H_
#define TGAUTH_SERVER_OAUTH_CLIENT_SECRET_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth {

struct ClientSecret {
  std::string secret;  // 43 characters of base64url; give it to the client once.
  std::string hash;    // SHA-256 of `secret`, 32 raw bytes: what is stored.
};

// A fresh secret and its hash. INTERNAL if the CSPRNG fails.
absl::StatusOr<ClientSecret> NewClientSecret();

// True if `presented` hashes to `stored_hash`, compared in constant time.
bool ClientSecretMatches(absl::string_view stored_hash, absl::string_view presented);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_CLIENT_SECRET_H_
