#include "server/oauth/client_id.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace tgauth {
namespace {

constexpr size_t kMaxClientIdBytes = 64;
constexpr size_t kMaxNameCharacters = 64;

bool IsLowerAlnum(char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c); }

// U+0000-U+001F, U+007F and the C1 controls U+0080-U+009F (UTF-8 C2 80-C2 9F).
bool HasControlCharacter(absl::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) return true;
    if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      return true;
    }
  }
  return false;
}

// Code points of UTF-8 text: the bytes that are not continuation bytes.
size_t CodePoints(absl::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
}

}  // namespace

bool IsValidClientId(absl::string_view client_id) {
  if (client_id.empty() || client_id.size() > kMaxClientIdBytes) return false;
  if (!IsLowerAlnum(client_id[0])) return false;
  return std::all_of(client_id.begin(), client_id.end(),
                     [](char c) { return IsLowerAlnum(c) || c == '_' || c == '-'; });
}

absl::Status ValidateClientId(absl::string_view client_id) {
  if (IsValidClientId(client_id)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      "client_id must be 1 to 64 of a-z 0-9 _ -, starting with a letter or digit");
}

absl::Status ValidateClientName(absl::string_view name) {
  if (name.empty() || CodePoints(name) > kMaxNameCharacters) {
    return absl::InvalidArgumentError("name must be 1 to 64 characters");
  }
  if (HasControlCharacter(name)) {
    return absl::InvalidArgumentError("name must not contain control characters");
  }
  return absl::OkStatus();
}

}  // namespace tgauth
