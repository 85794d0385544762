#include "server/rpc/admin_credentials.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace tgauth {

AdminCredentials::AdminCredentials(absl::string_view token) : token_(token) {}

absl::Status AdminCredentials::Authenticate(absl::string_view authorization) const {
  if (!enabled()) {
    return absl::PermissionDeniedError("admin API disabled: set --admin_token_file");
  }
  // RFC 7235: the scheme is case-insensitive.
  if (authorization.size() < 7 || !absl::EqualsIgnoreCase(authorization.substr(0, 7), "Bearer ")) {
    return absl::UnauthenticatedError("missing metadata authorization: Bearer <admin token>");
  }
  if (!token_.Matches(absl::StripAsciiWhitespace(authorization.substr(7)))) {
    return absl::UnauthenticatedError("admin token is not valid");
  }
  return absl::OkStatus();
}

}  // namespace tgauth
