// Cross-origin access by an allow-list of exact origins (Fetch standard,
// fetch.spec.whatwg.org/#http-cors-protocol). No wildcard. The API
// authenticates with bearer tokens, except the session cookie of the
// browser pages (session_cookie.h): allowed origins get credentials mode so
// a same-site app (e.g. https://app.example.com beside the gateway at
// https://login.example.com) may refresh with it; the cookie is
// SameSite=Strict, so other sites' requests never carry it.
#ifndef TGAUTH_GATEWAY_CORS_POLICY_H_
#define TGAUTH_GATEWAY_CORS_POLICY_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

class CorsPolicy {
 public:
  // `allowed_origins`: comma-separated origins compared byte for byte with
  // the Origin header, e.g. "https://app.example,http://localhost:3000";
  // spaces around entries are ignored. Empty disables CORS entirely.
  explicit CorsPolicy(absl::string_view allowed_origins);

  // True if `origin` (an Origin header value) is on the allow-list.
  bool Allows(absl::string_view origin) const;

  // Headers for any response to a request carrying `origin` ("" if none):
  // Access-Control-Allow-Origin: <origin>, Access-Control-Allow-Credentials:
  // true and Access-Control-Expose-Headers: Date when allowed, plus Vary: Origin
  // whenever CORS is enabled so shared caches (JWKS is cacheable) never hand
  // one origin's answer to another. Nothing when CORS is disabled.
  std::vector<std::pair<std::string, std::string>> ResponseHeaders(absl::string_view origin) const;

  // The answer to an OPTIONS preflight for a resource serving `methods`
  // (e.g. "GET"): 204; when the origin is allowed, also the allowed methods,
  // the Authorization, Content-Type and X-TGAuth-Session request headers,
  // and a max-age (600 s). Without ResponseHeaders(), which the router adds
  // to every answer: a browser refuses a preflight that carries
  // Access-Control-Allow-Origin twice.
  HttpResponse Preflight(absl::string_view origin, absl::string_view methods) const;

 private:
  absl::flat_hash_set<std::string> origins_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_CORS_POLICY_H_
