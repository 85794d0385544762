#include "storage/authorization_code_store.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace tgauth::storage {

absl::Status ValidateAuthorizationCode(const AuthorizationCode& code) {
  for (const auto& [name, value] :
       {std::pair<absl::string_view, absl::string_view>{"client_id", code.client_id},
        {"redirect_uri", code.redirect_uri},
        {"code_challenge", code.code_challenge},
        {"user_id", code.user_id},
        {"sign_in_method", code.sign_in_method}}) {
    if (value.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("authorization code needs a ", name));
    }
  }
  return absl::OkStatus();
}

}  // namespace tgauth::storage
