#include "gateway/cookie_csrf_check.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/session_cookie.h"

namespace tgauth::gateway {
namespace {

// "scheme://host[:port]" of an absolute URL, lower-cased (RFC 6454 section
// 6.1 serializes origins so); "" if `url` has no "://".
std::string OriginOf(absl::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos) return "";
  const size_t authority_end = url.find_first_of("/?#", scheme_end + 3);
  return absl::AsciiStrToLower(url.substr(0, authority_end));
}

}  // namespace

CookieCsrfCheck::CookieCsrfCheck(const CorsPolicy& cors, absl::string_view site_url)
    : cors_(cors), site_origin_(OriginOf(site_url)) {}

bool CookieCsrfCheck::IsOwnOrigin(const HttpRequest& request, absl::string_view origin) const {
  if (!site_origin_.empty()) return origin == site_origin_;
  const absl::string_view host = request.Header("host");
  if (host.empty()) return false;
  // The scheme is unknown behind a TLS-terminating proxy; either way the
  // browser addressed this very host.
  return absl::EqualsIgnoreCase(origin, absl::StrCat("http://", host)) ||
         absl::EqualsIgnoreCase(origin, absl::StrCat("https://", host));
}

absl::Status CookieCsrfCheck::Check(const HttpRequest& request) const {
  if (!SessionCookie::Requested(request)) {
    return absl::PermissionDeniedError(
        "the session cookie is used only with the header X-TGAuth-Session: cookie");
  }
  const absl::string_view origin = request.Header("origin");
  if (origin.empty()) {
    return absl::PermissionDeniedError("the session cookie needs an Origin header");
  }
  if (!IsOwnOrigin(request, origin) && !cors_.Allows(origin)) {
    return absl::PermissionDeniedError(
        "the session cookie is usable only from this site or an origin in "
        "--cors_allowed_origins");
  }
  return absl::OkStatus();
}

}  // namespace tgauth::gateway
