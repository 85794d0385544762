// Proof Key for Code Exchange (RFC 7636), as OAuth 2.1 requires it of every
// client: only the S256 method; `plain` is refused, since a challenge equal
// to the verifier protects nothing once the authorization request is seen.
#ifndef TGAUTH_SERVER_OAUTH_PKCE_H_
#define TGAUTH_SERVER_OAUTH_PKCE_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tgauth {

// code_verifier length bounds, in characters (RFC 7636 section 4.1).
inline constexpr size_t kMinCodeVerifierChars = 43;
inline constexpr size_t kMaxCodeVerifierChars = 128;
// An S256 code_challenge: base64url of a 32-byte SHA-256, without padding.
inline constexpr size_t kCodeChallengeChars = 43;
// The only code_challenge_method accepted.
inline constexpr absl::string_view kCodeChallengeMethodS256 = "S256";

// OK if `verifier` is 43 to 128 characters of the unreserved set
// A-Z a-z 0-9 - . _ ~ (RFC 7636 section 4.1); otherwise INVALID_ARGUMENT
// naming the rule broken (never echoing the verifier).
absl::Status ValidateCodeVerifier(absl::string_view verifier);

// OK if `method` is "S256" and `challenge` is 43 base64url characters
// (A-Z a-z 0-9 - _; RFC 7636 section 4.2). INVALID_ARGUMENT otherwise,
// including for `plain` and for an absent method (section 4.3 makes an
// absent method mean `plain`).
absl::Status ValidateCodeChallenge(absl::string_view challenge, absl::string_view method);

// BASE64URL(SHA256(ASCII(verifier))) without padding: the S256 challenge
// of `verifier` (RFC 7636 section 4.2).
std::string S256CodeChallenge(absl::string_view verifier);

// True if `verifier` is well formed (ValidateCodeVerifier) and its S256
// challenge equals `challenge`, compared in constant time (RFC 7636
// section 4.6). False for anything else, a malformed challenge included.
bool VerifyCodeVerifier(absl::string_view verifier, absl::string_view challenge);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_PKCE_H_
