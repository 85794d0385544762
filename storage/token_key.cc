#include "storage/token_key.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"

namespace tgauth::storage {

absl::StatusOr<std::string> TokenKey(absl::string_view token, absl::string_view what) {
  if (!IsWellFormedToken(token))
    return absl::InvalidArgumentError(absl::StrCat("malformed ", what));
  return Sha256Hex(token);
}

}  // namespace tgauth::storage
