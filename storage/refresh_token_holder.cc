#include "storage/refresh_token_holder.h"

#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tgauth::storage {

absl::Status CheckHolder(const RefreshTokenHolder& holder, const SessionRecord& session) {
  if (holder.client_id != session.client_id) {
    return absl::PermissionDeniedError(kOtherHolderMessage);
  }
  const std::vector<absl::string_view> granted =
      absl::StrSplit(session.scope, ' ', absl::SkipEmpty());
  for (absl::string_view wanted : absl::StrSplit(holder.scope, ' ', absl::SkipEmpty())) {
    if (!absl::c_linear_search(granted, wanted)) {
      return absl::OutOfRangeError(
          absl::StrCat("scope \"", wanted, "\" was not granted to the refresh token"));
    }
  }
  return absl::OkStatus();
}

}  // namespace tgauth::storage
