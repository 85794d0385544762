// Debian's Abseil 20220623 is built with ABSL_OPTION_USE_STD_STRING_VIEW=0,
// so absl::string_view is a class of its own, not std::string_view, and the
// two do not convert implicitly. The gateway speaks std::string_view and
// converts at calls into Abseil's string functions.
#ifndef TGAUTH_GATEWAY_STRING_VIEW_COMPAT_H_
#define TGAUTH_GATEWAY_STRING_VIEW_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace tgauth::gateway {

inline absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view ToStd(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_STRING_VIEW_COMPAT_H_
