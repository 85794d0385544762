// The storage key of an opaque bearer secret (a code, a handle): hex SHA-256
// of its text, so a store never holds the secret itself.
#ifndef TGAUTH_STORAGE_TOKEN_KEY_H_
#define TGAUTH_STORAGE_TOKEN_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth::storage {

// Sha256Hex(token) (64 lowercase hex characters). INVALID_ARGUMENT
// "malformed <what>" if `token` is not shaped like NewToken()'s output (43
// base64url characters, common/secure_token.h): it was never issued.
absl::StatusOr<std::string> TokenKey(absl::string_view token, absl::string_view what);

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_TOKEN_KEY_H_
