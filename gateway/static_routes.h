// The login pages (gateway/web/), compiled into the binary by tgauth_embed so
// the gateway needs no files beside it.
//
//   GET /  (and /index.html)   text/html, the QR login page
//   GET /auth/telegram/callback?token=..  (and /callback.html)  text/html,
//                              where the bot's login link lands (the page
//                              reads the token itself; the gateway ignores it)
//   GET /login.js, /callback.js, /session.js   text/javascript (ES modules)
//   GET /login.css             text/css
// Each with a Content-Security-Policy that allows scripts, styles and
// connections only from this origin (the page has no inline script) and
// images from data: URLs (the QR code), that no site may frame (also as
// X-Frame-Options: DENY).
#ifndef TGAUTH_GATEWAY_STATIC_ROUTES_H_
#define TGAUTH_GATEWAY_STATIC_ROUTES_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/embedded_file.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

// Where the bot's login links point (<site_url>/auth/telegram/callback?token=).
inline constexpr absl::string_view kLoginLinkCallbackPath = "/auth/telegram/callback";

class StaticRoutes {
 public:
  // A file at "web/name" is served at "/name", "web/index.html" also at "/"
  // and "web/callback.html" also at kLoginLinkCallbackPath; files outside
  // web/ are ignored.
  explicit StaticRoutes(const std::vector<EmbeddedFile>& files);

  // The URL paths served, e.g. {"/", "/index.html", "/login.js"}.
  std::vector<std::string> Paths() const;

  // Serves request.path; 404 body for a path not in Paths().
  void Handle(const HttpRequest& request, Respond respond) const;

 private:
  std::map<std::string, HttpResponse, std::less<>> responses_;  // By URL path.
};

// The gateway's own assets (gateway/web/).
std::vector<EmbeddedFile> GatewayWebFiles();

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_STATIC_ROUTES_H_
