// Match codes, a defence against remote phishing of cross-device sign-in
// (RFC 8628 section 5.4): the browser that asked to sign in shows a short
// code, and the bot asks the user to pick that code among decoys. Someone who
// was sent another person's QR code cannot see the code on that person's
// screen, so a blind pick fails two times in three and denies the login.
#ifndef TGAUTH_SERVER_QR_LOGIN_MATCH_CODE_H_
#define TGAUTH_SERVER_QR_LOGIN_MATCH_CODE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth {

inline constexpr int kMatchCodeDigits = 2;
// The choices the bot offers: the right code and two decoys.
inline constexpr int kMatchCodeChoices = 3;

// kMatchCodeDigits decimal digits, uniform, from OpenSSL's CSPRNG.
// INTERNAL if the CSPRNG fails.
absl::StatusOr<std::string> NewMatchCode();

// True if `code` has the shape NewMatchCode() produces.
bool IsWellFormedMatchCode(absl::string_view code);

// `code` and kMatchCodeChoices - 1 distinct decoys, in random order (all from
// the CSPRNG, so the position says nothing). INVALID_ARGUMENT if `code` is
// not well-formed; INTERNAL if the CSPRNG fails.
absl::StatusOr<std::vector<std::string>> MatchCodeChoices(absl::string_view code);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_QR_LOGIN_MATCH_CODE_H_
