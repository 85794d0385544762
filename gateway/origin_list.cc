#include "gateway/origin_list.h"

#include "absl/algorithm/container.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace tgauth::gateway {
namespace {

// A lower-case host name or IPv4 address, or an IPv6 address in brackets
// (RFC 3986 section 3.2.2).
bool IsHost(absl::string_view host) {
  if (absl::ConsumePrefix(&host, "[")) {
    return absl::ConsumeSuffix(&host, "]") && !host.empty() && absl::c_all_of(host, [](char c) {
             return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
           });
  }
  return !host.empty() && absl::c_all_of(host, [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '-';
  });
}

bool IsPort(absl::string_view port) {
  int number = 0;
  return !port.empty() && port.size() <= 5 && absl::c_all_of(port, absl::ascii_isdigit) &&
         absl::SimpleAtoi(port, &number) && number >= 1 && number <= 65535;
}

// "host" or "host:port".
bool IsHostAndPort(absl::string_view authority) {
  size_t colon = authority.rfind(':');
  size_t bracket = authority.rfind(']');
  if (colon != absl::string_view::npos && (bracket == absl::string_view::npos || colon > bracket)) {
    return IsHost(authority.substr(0, colon)) && IsPort(authority.substr(colon + 1));
  }
  return IsHost(authority);
}

bool IsOrigin(absl::string_view origin) {
  return (absl::ConsumePrefix(&origin, "https://") || absl::ConsumePrefix(&origin, "http://")) &&
         IsHostAndPort(origin);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseOriginList(absl::string_view list) {
  std::vector<std::string> origins;
  for (absl::string_view entry : absl::StrSplit(list, ',')) {
    entry = absl::StripAsciiWhitespace(entry);
    if (entry.empty()) continue;
    if (!IsOrigin(entry)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", entry,
          "\" is not an origin: write scheme://host[:port] in lower case, with no path or "
          "trailing slash, e.g. https://app.example"));
    }
    origins.emplace_back(entry);
  }
  return origins;
}

}  // namespace tgauth::gateway
