#include "server/oauth/redirect_uri.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tgauth {
namespace {

// RFC 3986 section 2: unreserved and sub-delims, plus what a path and a
// query may hold besides (":", "@", "/", "?") and "%" for percent-encoding.
bool IsPathOrQueryChar(char c) {
  return absl::ascii_isalnum(c) || absl::StrContains("-._~!$&'()*+,;=:@/?%", c);
}

// Every "%" starts a percent-encoded octet (RFC 3986 section 2.1).
bool PercentEncodingIsWellFormed(absl::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') continue;
    if (i + 2 >= text.size() || !absl::ascii_isxdigit(text[i + 1]) ||
        !absl::ascii_isxdigit(text[i + 2])) {
      return false;
    }
  }
  return true;
}

// A DNS name or IPv4 address (letters, digits, "-", "."), or an IPv6
// literal in brackets (hex digits, ":", "." for an embedded IPv4 address).
bool IsHost(absl::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    if (host.size() < 4 || host.back() != ']') return false;
    return std::all_of(host.begin() + 1, host.end() - 1,
                       [](char c) { return absl::ascii_isxdigit(c) || c == ':' || c == '.'; });
  }
  return std::all_of(host.begin(), host.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '-' || c == '.'; });
}

bool IsPort(absl::string_view port) {
  int number = 0;
  return !port.empty() && port.size() <= 5 &&
         std::all_of(port.begin(), port.end(), [](char c) { return absl::ascii_isdigit(c); }) &&
         absl::SimpleAtoi(port, &number) && number >= 1 && number <= 65535;
}

// RFC 8252 section 7.3 names these; "localhost" is left out as section 8.3
// advises (it may resolve elsewhere, and firewalls may see it as remote).
bool IsLoopbackAddress(absl::string_view host) { return host == "127.0.0.1" || host == "[::1]"; }

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, " ", why));
}

}  // namespace

absl::Status ValidateRedirectUri(absl::string_view field, absl::string_view uri) {
  if (uri.empty()) return Invalid(field, "must not be empty");
  if (uri.size() > kMaxRedirectUriBytes) {
    return Invalid(field, absl::StrCat("must be at most ", kMaxRedirectUriBytes, " bytes"));
  }
  if (absl::StrContains(uri, '#')) {
    return Invalid(field, "must not have a fragment (RFC 6749 section 3.1.2)");
  }
  const size_t scheme_end = uri.find("://");
  const absl::string_view scheme =
      scheme_end == absl::string_view::npos ? "" : uri.substr(0, scheme_end);
  if (scheme != "https" && scheme != "http") {
    return Invalid(field, "must be an absolute https URI (RFC 6749 section 3.1.2)");
  }
  const absl::string_view rest = uri.substr(scheme_end + 3);
  const size_t authority_end = std::min(rest.find_first_of("/?"), rest.size());
  const absl::string_view authority = rest.substr(0, authority_end);
  const absl::string_view path_and_query = rest.substr(authority_end);
  if (absl::StrContains(authority, '@')) {
    return Invalid(field, "must not have user information (RFC 3986 section 3.2.1)");
  }
  // An IPv6 literal holds ":" itself: the port's ":" comes after its "]".
  const size_t bracket = authority.rfind(']');
  const size_t host_end = authority.find(':', bracket == absl::string_view::npos ? 0 : bracket);
  const absl::string_view host = authority.substr(0, host_end);
  if (!IsHost(host)) {
    return Invalid(field, "must name a host: a DNS name or an IP address");
  }
  if (host_end != absl::string_view::npos && !IsPort(authority.substr(host_end + 1))) {
    return Invalid(field, "must have a port from 1 to 65535 after the host's \":\"");
  }
  if (!std::all_of(path_and_query.begin(), path_and_query.end(), IsPathOrQueryChar) ||
      !PercentEncodingIsWellFormed(path_and_query)) {
    return Invalid(field,
                   "must percent-encode spaces, controls, non-ASCII and other characters RFC "
                   "3986 does not allow in a path or query");
  }
  if (scheme == "http" && !IsLoopbackAddress(host)) {
    return Invalid(field,
                   "must use https; http only for 127.0.0.1 or [::1] (RFC 8252 sections 7.3 "
                   "and 8.3)");
  }
  return absl::OkStatus();
}

bool RedirectUriMatches(const std::vector<std::string>& registered, absl::string_view requested) {
  return std::any_of(registered.begin(), registered.end(),
                     [&](const std::string& uri) { return uri == requested; });
}

}  // namespace tgauth
