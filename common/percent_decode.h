// Percent-decoding (RFC 3986 section 2.1), shared by the gateway's query
// strings and the credentials in a Redis URL.
#ifndef TGAUTH_COMMON_PERCENT_DECODE_H_
#define TGAUTH_COMMON_PERCENT_DECODE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace tgauth {

// What '+' means: a space in application/x-www-form-urlencoded query strings
// (WHATWG URL, "application/x-www-form-urlencoded parsing"), itself in the
// other components of a URI such as the userinfo (RFC 3986 section 3.2.1).
enum class PlusSign { kSpace, kLiteral };

// `in` with every "%XY" (two hex digits, either case) replaced by that byte.
// nullopt for a '%' not followed by two hex digits.
std::optional<std::string> PercentDecode(absl::string_view in, PlusSign plus);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_PERCENT_DECODE_H_
