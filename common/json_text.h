// JSON text for log lines: a string as a JSON string literal (RFC 8259
// section 7). Control characters, quotes and backslashes are escaped by
// protobuf's JSON printer; bytes that are not UTF-8 become U+FFFD first,
// since JSON text is UTF-8 (RFC 8259 section 8.1) and protobuf refuses
// anything else.
#ifndef TGAUTH_COMMON_JSON_TEXT_H_
#define TGAUTH_COMMON_JSON_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tgauth {

// `text` as a quoted JSON string, e.g. a"b -> "a\"b", a line break -> "\n".
std::string JsonString(absl::string_view text);

// `text` with every byte that does not belong to a well-formed UTF-8
// sequence (RFC 3629 section 4: no overlong forms, no surrogates, at most
// U+10FFFF) replaced by U+FFFD.
std::string ValidUtf8(absl::string_view text);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_JSON_TEXT_H_
