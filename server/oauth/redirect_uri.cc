#include "server/oauth/redirect_uri.h"

#include <uriparser/Uri.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tgauth {
namespace {

absl::string_view Text(const UriTextRangeA& range) {
  if (range.first == nullptr) return {};
  return absl::string_view(range.first, static_cast<size_t>(range.afterLast - range.first));
}

bool Present(const UriTextRangeA& range) { return range.first != nullptr; }

// RFC 8252 section 7.3 names these; "localhost" is left out as section 8.3
// advises (it may resolve elsewhere, and firewalls may see it as remote).
bool IsLoopbackAddress(const UriUriA& uri) {
  static constexpr unsigned char kIp6Loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                     0, 0, 0, 0, 0, 0, 0, 1};
  if (uri.hostData.ip4 != nullptr) {
    const unsigned char* a = uri.hostData.ip4->data;
    return a[0] == 127 && a[1] == 0 && a[2] == 0 && a[3] == 1;
  }
  return uri.hostData.ip6 != nullptr &&
         std::equal(std::begin(kIp6Loopback), std::end(kIp6Loopback), uri.hostData.ip6->data);
}

// Letters, digits, '-' and '.' (RFC 1123 section 2.1): RFC 3986 would also
// let a host name hold '_', '~', '%' escapes and sub-delims, which no DNS
// name a browser resolves needs.
bool IsDnsName(absl::string_view host) {
  return std::all_of(host.begin(), host.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, " ", why));
}

// uriparser's parse (RFC 3986 syntax), freed with the object.
class ParsedUri {
 public:
  explicit ParsedUri(absl::string_view text) {
    const char* error_at = nullptr;
    if (uriParseSingleUriExA(&uri_, text.data(), text.data() + text.size(), &error_at) !=
        URI_SUCCESS) {
      // 1-based, as people count characters.
      error_position_ = error_at == nullptr ? 1 : static_cast<size_t>(error_at - text.data()) + 1;
    }
  }
  ~ParsedUri() { uriFreeUriMembersA(&uri_); }
  ParsedUri(const ParsedUri&) = delete;
  ParsedUri& operator=(const ParsedUri&) = delete;

  bool ok() const { return error_position_ == 0; }
  size_t error_position() const { return error_position_; }
  const UriUriA& get() const { return uri_; }

 private:
  UriUriA uri_{};
  size_t error_position_ = 0;
};

}  // namespace

absl::Status ValidateRedirectUri(absl::string_view field, absl::string_view uri) {
  if (uri.empty()) return Invalid(field, "must not be empty");
  if (uri.size() > kMaxRedirectUriBytes) {
    return Invalid(field, absl::StrCat("must be at most ", kMaxRedirectUriBytes, " bytes"));
  }
  const ParsedUri parsed(uri);
  if (!parsed.ok()) {
    return Invalid(field, absl::StrCat("must be a URI: RFC 3986 syntax breaks at character ",
                                       parsed.error_position(),
                                       " (percent-encode spaces, controls, non-ASCII and "
                                       "other characters it does not allow)"));
  }
  const UriUriA& u = parsed.get();
  if (Present(u.fragment)) return Invalid(field, "must not have a fragment (RFC 6749 section 3.1.2)");
  const absl::string_view scheme = Text(u.scheme);
  if ((scheme != "https" && scheme != "http") || !Present(u.hostText)) {
    return Invalid(field, "must be an absolute https URI (RFC 6749 section 3.1.2)");
  }
  if (Present(u.userInfo)) {
    return Invalid(field, "must not have user information (RFC 3986 section 3.2.1)");
  }
  const bool ip_literal = u.hostData.ip4 != nullptr || u.hostData.ip6 != nullptr;
  if (Text(u.hostText).empty() || Present(u.hostData.ipFuture) ||
      (!ip_literal && !IsDnsName(Text(u.hostText)))) {
    return Invalid(field, "must name a host: a DNS name or an IP address");
  }
  if (Present(u.portText)) {
    int port = 0;
    if (!absl::SimpleAtoi(Text(u.portText), &port) || port < 1 || port > 65535) {
      return Invalid(field, "must have a port from 1 to 65535 after the host's \":\"");
    }
  }
  if (scheme == "http" && !IsLoopbackAddress(u)) {
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
