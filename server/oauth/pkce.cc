#include "server/oauth/pkce.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"

namespace tgauth {
namespace {

// RFC 3986 section 2.3 "unreserved", the code_verifier alphabet.
bool IsUnreserved(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

// RFC 4648 section 5, the base64url alphabet (no padding).
bool IsBase64Url(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

template <typename Predicate>
bool AllOf(absl::string_view text, Predicate allowed) {
  for (char c : text) {
    if (!allowed(c)) return false;
  }
  return true;
}

}  // namespace

absl::Status ValidateCodeVerifier(absl::string_view verifier) {
  if (verifier.size() < kMinCodeVerifierChars || verifier.size() > kMaxCodeVerifierChars) {
    return absl::InvalidArgumentError(absl::StrCat("code_verifier must be ", kMinCodeVerifierChars,
                                                   " to ", kMaxCodeVerifierChars, " characters"));
  }
  if (!AllOf(verifier, IsUnreserved)) {
    return absl::InvalidArgumentError("code_verifier must be characters of A-Z a-z 0-9 - . _ ~");
  }
  return absl::OkStatus();
}

absl::Status ValidateCodeChallenge(absl::string_view challenge, absl::string_view method) {
  if (method != kCodeChallengeMethodS256) {
    return absl::InvalidArgumentError("code_challenge_method must be S256");
  }
  if (challenge.size() != kCodeChallengeChars || !AllOf(challenge, IsBase64Url)) {
    return absl::InvalidArgumentError(
        absl::StrCat("code_challenge must be ", kCodeChallengeChars, " base64url characters"));
  }
  return absl::OkStatus();
}

std::string S256CodeChallenge(absl::string_view verifier) {
  std::string challenge;
  absl::WebSafeBase64Escape(Sha256(verifier), &challenge);
  return challenge;
}

bool VerifyCodeVerifier(absl::string_view verifier, absl::string_view challenge) {
  if (!ValidateCodeVerifier(verifier).ok()) return false;
  return ConstantTimeEquals(S256CodeChallenge(verifier), challenge);
}

}  // namespace tgauth
