#include "common/json_text.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <cstdint>

namespace tgauth {
namespace {

constexpr absl::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Bytes a character whose lead byte is `lead` takes, or 0 if `lead` cannot
// start one.
int SequenceLength(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Whether the second byte fits the lead byte: the ranges of RFC 3629
// section 4 that exclude overlong forms, surrogates and values over U+10FFFF.
bool SecondByteFits(uint8_t lead, uint8_t second) {
  switch (lead) {
    case 0xE0:
      return second >= 0xA0 && second <= 0xBF;
    case 0xED:
      return second >= 0x80 && second <= 0x9F;
    case 0xF0:
      return second >= 0x90 && second <= 0xBF;
    case 0xF4:
      return second >= 0x80 && second <= 0x8F;
    default:
      return second >= 0x80 && second <= 0xBF;
  }
}

// Bytes of the well-formed character at the start of `text`, or 0.
size_t WellFormedPrefix(absl::string_view text) {
  const auto lead = static_cast<uint8_t>(text[0]);
  const int length = SequenceLength(lead);
  if (length == 0 || text.size() < static_cast<size_t>(length)) return 0;
  if (length == 1) return 1;
  if (!SecondByteFits(lead, static_cast<uint8_t>(text[1]))) return 0;
  for (int i = 2; i < length; ++i) {
    if ((static_cast<uint8_t>(text[i]) & 0xC0) != 0x80) return 0;
  }
  return static_cast<size_t>(length);
}

// True when `text` may stand between quotes as it is: only the characters
// RFC 8259 section 7 allows unescaped, and plain ASCII. Saves the printer
// for the common case (method names, routes, codes).
bool NeedsNoEscaping(absl::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<uint8_t>(c);
    if (byte < 0x20 || byte > 0x7E || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::string ValidUtf8(absl::string_view text) {
  std::string valid;
  valid.reserve(text.size());
  while (!text.empty()) {
    const size_t length = WellFormedPrefix(text);
    if (length == 0) {
      valid.append(kReplacementCharacter.data(), kReplacementCharacter.size());
      text.remove_prefix(1);
    } else {
      valid.append(text.data(), length);
      text.remove_prefix(length);
    }
  }
  return valid;
}

std::string JsonString(absl::string_view text) {
  if (NeedsNoEscaping(text)) {
    std::string quoted;
    quoted.reserve(text.size() + 2);
    quoted.push_back('"');
    quoted.append(text.data(), text.size());
    quoted.push_back('"');
    return quoted;
  }
  google::protobuf::Value value;
  value.set_string_value(ValidUtf8(text));
  std::string quoted;
  // A Value holding a valid UTF-8 string always prints.
  (void)google::protobuf::util::MessageToJsonString(value, &quoted);
  return quoted;
}

}  // namespace tgauth
