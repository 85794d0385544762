// Invite codes as users type them (server/signin/invite_codes.h): trimmed,
// upper-cased, 6-32 of A-Z 0-9 _ -. Checks that a normalised code is a
// fixed point, is case-insensitive, and fits the `/start invite_<CODE>`
// payload Telegram allows (A-Z a-z 0-9 _ -, at most 64 characters).
//
// Input: the code as typed.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "server/signin/invite_codes.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/input_lines.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using tgauth::InviteCodes;
  using tgauth::fuzz::Require;
  const absl::string_view typed = tgauth::fuzz::AsText(data, size);
  std::optional<std::string> code = InviteCodes::Normalize(typed);
  Require(code == InviteCodes::Normalize(absl::AsciiStrToLower(typed)),
          "codes are case-insensitive");
  if (!code) return 0;
  Require(code->size() >= 6 && code->size() <= 32, "a code is 6-32 characters");
  for (char c : *code) {
    Require(absl::ascii_isupper(static_cast<unsigned char>(c)) ||
                absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-',
            "a code is A-Z 0-9 _ -");
  }
  Require(InviteCodes::Normalize(*code) == code, "a normalised code is its own normal form");
  return 0;
}
