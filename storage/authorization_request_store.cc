#include "storage/authorization_request_store.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace tgauth::storage {

absl::Status ValidateAuthorizationRequest(const AuthorizationRequest& request) {
  for (const auto& [name, value] :
       {std::pair<absl::string_view, absl::string_view>{"client_id", request.client_id},
        {"redirect_uri", request.redirect_uri},
        {"code_challenge", request.code_challenge}}) {
    if (value.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("authorization request needs a ", name));
    }
  }
  if (request.max_age.has_value() && *request.max_age < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("max_age must not be negative");
  }
  return absl::OkStatus();
}

}  // namespace tgauth::storage
