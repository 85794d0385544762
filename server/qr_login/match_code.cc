#include "server/qr_login/match_code.h"

#include <openssl/rand.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace tgauth {
namespace {

constexpr int kCodeSpace = 100;  // 10^kMatchCodeDigits.

// A uniform integer in [0, bound), bound <= 256, by rejection sampling of
// CSPRNG bytes (a plain modulo would favour the low values).
absl::StatusOr<int> RandomBelow(int bound) {
  const int limit = 256 - 256 % bound;
  while (true) {
    unsigned char byte;
    if (RAND_bytes(&byte, 1) != 1) return absl::InternalError("CSPRNG failure");
    if (byte < limit) return byte % bound;
  }
}

std::string Format(int code) { return absl::StrFormat("%0*d", kMatchCodeDigits, code); }

}  // namespace

absl::StatusOr<std::string> NewMatchCode() {
  absl::StatusOr<int> code = RandomBelow(kCodeSpace);
  if (!code.ok()) return code.status();
  return Format(*code);
}

bool IsWellFormedMatchCode(absl::string_view code) {
  return code.size() == kMatchCodeDigits && std::all_of(code.begin(), code.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

absl::StatusOr<std::vector<std::string>> MatchCodeChoices(absl::string_view code) {
  if (!IsWellFormedMatchCode(code)) {
    return absl::InvalidArgumentError("not a match code");
  }
  std::vector<std::string> choices = {std::string(code)};
  while (choices.size() < kMatchCodeChoices) {
    absl::StatusOr<std::string> decoy = NewMatchCode();
    if (!decoy.ok()) return decoy.status();
    if (std::find(choices.begin(), choices.end(), *decoy) == choices.end()) {
      choices.push_back(*std::move(decoy));
    }
  }
  // Fisher-Yates with the CSPRNG.
  for (int i = kMatchCodeChoices - 1; i > 0; --i) {
    absl::StatusOr<int> j = RandomBelow(i + 1);
    if (!j.ok()) return j.status();
    std::swap(choices[i], choices[*j]);
  }
  return choices;
}

}  // namespace tgauth
