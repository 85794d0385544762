#include "server/oauth/scopes.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tgauth {

bool IsSupportedScope(absl::string_view scope) {
  return std::find(std::begin(kSupportedScopes), std::end(kSupportedScopes), scope) !=
         std::end(kSupportedScopes);
}

std::vector<std::string> AllSupportedScopes() {
  return std::vector<std::string>(std::begin(kSupportedScopes), std::end(kSupportedScopes));
}

absl::Status ValidateAllowedScopes(const std::vector<std::string>& scopes) {
  for (size_t i = 0; i < scopes.size(); ++i) {
    if (!IsSupportedScope(scopes[i])) {
      return absl::InvalidArgumentError(absl::StrCat(
          "allowed_scopes[", i, "] \"", scopes[i], "\" is not supported; supported: ",
          absl::StrJoin(std::begin(kSupportedScopes), std::end(kSupportedScopes), ", ")));
    }
    if (std::find(scopes.begin(), scopes.begin() + i, scopes[i]) != scopes.begin() + i) {
      return absl::InvalidArgumentError(
          absl::StrCat("allowed_scopes[", i, "] repeats \"", scopes[i], "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace tgauth
