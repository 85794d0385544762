#include "server/rpc/operator_credentials.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/secure_token.h"

namespace tgauth {
namespace {

constexpr size_t kSha256HexDigits = 64;

bool IsOperatorName(absl::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                  c == '-';
         });
}

bool IsHexDigest(absl::string_view hex) {
  return hex.size() == kSha256HexDigits && std::all_of(hex.begin(), hex.end(), [](char c) {
           return absl::ascii_isxdigit(static_cast<unsigned char>(c));
         });
}

}  // namespace

absl::StatusOr<OperatorCredentials> OperatorCredentials::Parse(absl::string_view contents) {
  OperatorCredentials credentials;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    std::pair<absl::string_view, absl::string_view> entry = absl::StrSplit(line, ':');
    absl::Status added =
        IsHexDigest(entry.second)
            ? credentials.Add(entry.first, absl::HexStringToBytes(entry.second))
            : absl::InvalidArgumentError("expected <name>:<SHA-256 of the token, 64 hex digits>");
    if (!added.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line_number, ": ", added.message()));
    }
  }
  return credentials;
}

absl::Status OperatorCredentials::AddToken(absl::string_view name, absl::string_view token) {
  return Add(name, Sha256(absl::StripAsciiWhitespace(token)));
}

absl::Status OperatorCredentials::Add(absl::string_view name, std::string token_hash) {
  if (!IsOperatorName(name)) {
    return absl::InvalidArgumentError("operator names are 1-64 of a-z A-Z 0-9 . _ -");
  }
  for (const Entry& entry : operators_) {
    if (entry.name == name) return absl::InvalidArgumentError("operator named twice");
    if (entry.token_hash == token_hash) {
      return absl::InvalidArgumentError("two operators share one token");
    }
  }
  operators_.push_back({std::string(name), std::move(token_hash)});
  return absl::OkStatus();
}

absl::StatusOr<std::string> OperatorCredentials::Authenticate(
    absl::string_view authorization) const {
  if (!enabled()) {
    return absl::PermissionDeniedError(
        "admin API disabled: set --operator_credentials_file or --admin_token_file");
  }
  // RFC 7235: the scheme is case-insensitive.
  if (authorization.size() < 7 || !absl::EqualsIgnoreCase(authorization.substr(0, 7), "Bearer ")) {
    return absl::UnauthenticatedError("missing metadata authorization: Bearer <operator token>");
  }
  // Hashing first makes every comparison 32 bytes; every entry is compared,
  // so the time taken does not tell which one (if any) matched.
  const std::string presented = Sha256(absl::StripAsciiWhitespace(authorization.substr(7)));
  const Entry* match = nullptr;
  for (const Entry& entry : operators_) {
    if (ConstantTimeEquals(presented, entry.token_hash)) match = &entry;
  }
  if (match == nullptr) return absl::UnauthenticatedError("operator token is not valid");
  return match->name;
}

}  // namespace tgauth
