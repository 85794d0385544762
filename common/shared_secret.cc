#include "common/shared_secret.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/secret_file.h"
#include "common/secure_token.h"

namespace tgauth {

SharedSecret::SharedSecret(absl::string_view secret) {
  secret = absl::StripAsciiWhitespace(secret);
  // An empty secret is an unset flag, not a secret everyone knows.
  if (!secret.empty()) hash_ = Sha256(secret);
}

bool SharedSecret::IsAcceptableToken(absl::string_view token) {
  token = absl::StripAsciiWhitespace(token);
  return token.size() >= kMinSharedTokenBytes &&
         std::all_of(token.begin(), token.end(),
                     [](char c) { return absl::ascii_isgraph(static_cast<unsigned char>(c)); });
}

bool SharedSecret::Matches(absl::string_view presented) const {
  // Hashing first makes both sides 32 bytes: the compare's time says
  // nothing about the secret's length either.
  return configured() && ConstantTimeEquals(Sha256(presented), hash_);
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadSecretFile(path);
  if (!contents.ok()) return contents.status();
  if (!SharedSecret::IsAcceptableToken(*contents)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " must hold one token of at least ", kMinSharedTokenBytes,
                     " printable characters (e.g. from `openssl rand -base64 32`)"));
  }
  return std::string(absl::StripAsciiWhitespace(*contents));
}

}  // namespace tgauth
