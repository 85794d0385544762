// The login pages (gateway/web/), compiled into the binary by tgauth_embed so
// the gateway needs no files beside it.
//
//   GET /  (and /index.html)   text/html, the QR login page
//   GET /auth/telegram/callback?token=..  (and /callback.html)  text/html,
//                              where the bot's login link lands (the page
//                              reads the token itself; the gateway ignores it)
//   GET /login.js, /callback.js, /miniapp.js, /session.js, /messages.js,
//       /return_to.js, /i18n.js, /i18n/<language>.js  text/javascript (ES
//       modules)
//   GET /sdk/tgauth.js         text/javascript, the browser SDK that the pages
//                              use and same-site apps can import (CORS)
//   GET /miniapp  (and /miniapp.html)  text/html, the page a Telegram Mini App
//                              opens: signs in from Telegram.WebApp.initData
//   GET /login.css             text/css
// Each with a Content-Security-Policy that allows scripts, styles and
// connections only from this origin (the pages have no inline script) and
// images from data: URLs (the QR code) and https://t.me (profile photos),
// and that no site may frame (also as X-Frame-Options: DENY) — except the
// Mini App page, which may also run Telegram's script
// (https://telegram.org/js/telegram-web-app.js) and be framed by Telegram's
// web client (https://web.telegram.org).
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
// The Mini App page: the URL to give BotFather for the bot's Mini App
// (<site_url>/miniapp; core.telegram.org/bots/webapps).
inline constexpr absl::string_view kMiniAppPath = "/miniapp";

class StaticRoutes {
 public:
  // A file at "web/name" is served at "/name", "web/index.html" also at "/",
  // "web/callback.html" also at kLoginLinkCallbackPath and "web/miniapp.html"
  // at kMiniAppPath; files outside web/ are ignored.
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
