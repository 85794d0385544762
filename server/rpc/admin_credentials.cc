#include "server/rpc/admin_credentials.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/secure_token.h"

namespace tgauth {

AdminCredentials::AdminCredentials(absl::string_view token)
    : token_hash_(Sha256(absl::StripAsciiWhitespace(token))) {}

bool AdminCredentials::IsAcceptableToken(absl::string_view token) {
  token = absl::StripAsciiWhitespace(token);
  return token.size() >= kMinAdminTokenBytes && std::all_of(token.begin(), token.end(), [](char c) {
           return absl::ascii_isgraph(static_cast<unsigned char>(c));
         });
}

absl::Status AdminCredentials::Authenticate(absl::string_view authorization) const {
  if (!enabled()) {
    return absl::PermissionDeniedError("admin API disabled: set --admin_token_file");
  }
  // RFC 7235: the scheme is case-insensitive.
  if (authorization.size() < 7 || !absl::EqualsIgnoreCase(authorization.substr(0, 7), "Bearer ")) {
    return absl::UnauthenticatedError("missing metadata authorization: Bearer <admin token>");
  }
  const absl::string_view token = absl::StripAsciiWhitespace(authorization.substr(7));
  // Hashing first makes both sides 32 bytes: the compare's time says
  // nothing about the token's length either.
  if (!ConstantTimeEquals(Sha256(token), token_hash_)) {
    return absl::UnauthenticatedError("admin token is not valid");
  }
  return absl::OkStatus();
}

}  // namespace tgauth
