// application/x-www-form-urlencoded parameters (WHATWG URL Standard,
// "application/x-www-form-urlencoded parsing"): a request target's query
// and the form bodies of OAuth's endpoints (RFC 6749 appendix B).
#ifndef TGAUTH_GATEWAY_FORM_PARAMS_H_
#define TGAUTH_GATEWAY_FORM_PARAMS_H_

#include <map>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/string_view.h"

namespace tgauth::gateway {

struct FormParams {
  // Percent-decoded names and values, '+' read as a space; a name sent
  // more than once keeps its last value.
  std::map<std::string, std::string> values;
  // The names sent more than once: OAuth refuses them (RFC 6749 section
  // 3.1: "Request and response parameters MUST NOT be included more than
  // once"), other routes take the last value.
  std::set<std::string> repeated;
};

// The parameters of `encoded` ("a=1&b=x%20y&flag"; empty pairs skipped, a
// pair without '=' has the empty value). nullopt when a name or value holds
// a '%' not followed by two hex digits.
std::optional<FormParams> ParseFormParams(absl::string_view encoded);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_FORM_PARAMS_H_
