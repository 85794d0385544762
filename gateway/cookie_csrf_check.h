// Cross-site request forgery defence of the routes that act on the session
// cookie (session_cookie.h), two checks a forged request cannot pass:
//   - the custom header X-TGAuth-Session: cookie. A page on another origin
//     cannot send it without a CORS preflight, which the gateway grants
//     only to origins on its allow-list (cors_policy.h);
//   - the Origin header (RFC 6454 section 7), which browsers send with every
//     POST and scripts cannot forge: it must be the gateway's own origin or
//     one on the CORS allow-list.
// SameSite=Strict on the cookie is a third, browser-side layer: another
// site's requests do not carry it at all.
#ifndef TGAUTH_GATEWAY_COOKIE_CSRF_CHECK_H_
#define TGAUTH_GATEWAY_COOKIE_CSRF_CHECK_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/cors_policy.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

class CookieCsrfCheck {
 public:
  // `cors` must outlive the check. `site_url`: the gateway's public URL
  // (e.g. https://login.example.com/; path ignored), whose origin is its
  // own. "" = unknown: its own origin is then http:// or https:// followed
  // by the request's Host header, the host the browser itself addressed.
  CookieCsrfCheck(const CorsPolicy& cors, absl::string_view site_url);

  // OK if `request` may use the session cookie. PERMISSION_DENIED, with a
  // message naming what is missing, when the custom header is absent or the
  // Origin header is absent, foreign or "null".
  absl::Status Check(const HttpRequest& request) const;

 private:
  bool IsOwnOrigin(const HttpRequest& request, absl::string_view origin) const;

  const CorsPolicy& cors_;
  std::string site_origin_;  // E.g. "https://login.example.com"; "" = from Host.
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_COOKIE_CSRF_CHECK_H_
