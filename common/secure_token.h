// Opaque bearer secrets (login, poll and refresh tokens): generation from
// OpenSSL's CSPRNG, the hash kept at rest, and constant-time comparison.
#ifndef TGAUTH_COMMON_SECURE_TOKEN_H_
#define TGAUTH_COMMON_SECURE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth {

// Bytes of entropy in every token tgauth issues.
inline constexpr int kTokenBytes = 32;
// Length of such a token as base64url without padding (RFC 4648 section 5).
inline constexpr int kTokenChars = 43;

// kTokenBytes from RAND_bytes, base64url without padding (43 characters).
// INTERNAL if the CSPRNG fails (never silently weaker randomness).
absl::StatusOr<std::string> NewToken();

// True if `token` has the shape NewToken() produces: exactly 43 characters
// of A-Z a-z 0-9 - _. Says nothing about whether the token was ever issued.
bool IsWellFormedToken(absl::string_view token);

// SHA-256 of `data`, 32 raw bytes.
std::string Sha256(absl::string_view data);

// SHA-256 of `data` as 64 lowercase hex characters (storage keys).
std::string Sha256Hex(absl::string_view data);

// Compares two secrets in time that depends only on their lengths
// (CRYPTO_memcmp), so a mismatch leaks no prefix.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_SECURE_TOKEN_H_
