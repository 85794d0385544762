// Dispatches HTTP requests to the gateway's routes (plain C++, no sockets:
// tests drive it directly or through HttpServer).
//
// Rules every response follows:
//   unknown path              404, {"code": 5, "message": ...}
//   known path, wrong method  405, {"code": 12, "message": ...} and Allow
//                             (UNIMPLEMENTED with 405, as grpc-gateway does)
//   OPTIONS on /v1/*          CORS preflight (cors_policy.h)
//   allowed Origin            Access-Control-Allow-Origin (cors_policy.h)
//   no Cache-Control of its own  Cache-Control: no-store (tokens must not
//                             be cached; covers every /v1 response)
//   site_url is https://...   Strict-Transport-Security (RFC 6797), so a
//                             browser never again asks for the site over
//                             plain HTTP, where the tokens could be read
// The routes themselves are documented in login_routes.h, session_routes.h,
// sign_in_routes.h, webhook_route.h, well_known_routes.h, web_config_route.h,
// health_routes.h and static_routes.h.
#ifndef TGAUTH_GATEWAY_ROUTER_H_
#define TGAUTH_GATEWAY_ROUTER_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "common/login_wait_list.h"
#include "gateway/client_device.h"
#include "gateway/cookie_csrf_check.h"
#include "gateway/cors_policy.h"
#include "gateway/health_routes.h"
#include "gateway/http_message.h"
#include "gateway/http_metrics.h"
#include "gateway/login_change_watch.h"
#include "gateway/login_routes.h"
#include "gateway/oauth_routes.h"
#include "gateway/rpc_calls_in_flight.h"
#include "gateway/session_cookie.h"
#include "gateway/session_routes.h"
#include "gateway/sign_in_routes.h"
#include "gateway/static_routes.h"
#include "gateway/web_config_route.h"
#include "gateway/webhook_route.h"
#include "gateway/well_known_routes.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

struct RouterOptions {
  std::string webhook_secret = {};        // Must pass ValidateWebhookSecret.
  std::string cors_allowed_origins = {};  // Comma-separated exact origins; "" = no CORS.
  // Where pages may send people after sign-in (web_config_route.h); none = nowhere.
  std::vector<std::string> return_to_origins = {};
  ClientAddressSource client_address = {};  // Where the client IP comes from.
  // The public URL browsers reach the gateway at, e.g. https://login.example.com;
  // HSTS is sent when it is https. "" = unknown (no HSTS).
  std::string site_url = {};
  // The session cookie without Secure and the __Host- prefix, for plain
  // http on a host that is not loopback (session_cookie.h); development only.
  bool insecure_session_cookie = false;
  // Park login long polls in the gateway (login_poll.h); false: they wait
  // in the server.
  bool park_long_polls = true;
  // Windows of the webhook's limiter, long polls' deadlines; null: wall clock.
  const Clock* clock = nullptr;
  HttpMetrics* metrics = nullptr;  // Counts every request; null: none. Outlives the router.
  // Where long polls (AwaitLogin, WatchLoginChanges) go, e.g. a channel of
  // their own; null: the router's stub. Outlives the router.
  tgauth::v1::AuthService::StubInterface* long_poll_stub = nullptr;
  // The OpenID Provider's endpoints (oauth_routes.h); null: not served.
  // Outlives the router.
  tgauth::v1::OAuthService::StubInterface* oauth_stub = nullptr;
};

class Router {
 public:
  // `stub` and `health` (the server's standard health service, for /readyz)
  // must outlive the router; the router must outlive the HttpServer that
  // calls it. RPC completions hold neither. Destroying the router cancels
  // the RPCs still in flight and waits until gRPC has let go of each, so
  // their channels may be released right after (rpc_calls_in_flight.h).
  Router(tgauth::v1::AuthService::StubInterface& stub,
         grpc::health::v1::Health::StubInterface& health, RouterOptions options);

  ~Router();

  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Serves one request. Thread-safe: the router's routes are fixed once built.
  void Handle(HttpRequest request, Respond respond) const;

  // The stream that wakes long polls parked here (for tests).
  const LoginChangeWatch& login_changes() const { return login_changes_; }

  // For a gateway shutting down: long polls parked here answer now with
  // their login's state, and later ones do not wait.
  void DrainLongPolls() { long_polls_.Drain(); }

 private:
  using Handler = std::function<void(const HttpRequest&, Respond)>;
  struct Route {
    std::string path = {};       // Exact path, or a prefix when `has_parameter`.
    bool has_parameter = false;  // Path is prefix + one non-empty segment.
    // What the access log and the metrics name it: `path`, plus "{id}" for
    // the segment (a token or an id, never logged nor a label).
    std::string pattern = {};
    std::vector<std::pair<std::string, Handler>> methods = {};
    bool cors_preflight = false;  // Answer OPTIONS as a CORS preflight.
    std::string allow = {};       // The Allow header: methods, comma-separated.
    bool long_poll = false;       // GET ...?wait=N parks until the login changes.
  };

  void Add(std::string path, bool has_parameter,
           std::vector<std::pair<std::string, Handler>> methods);
  const Route* Find(absl::string_view path) const;

  const CorsPolicy cors_;
  // Added to every response (HSTS when the site is served over https).
  const std::vector<std::pair<std::string, std::string>> site_headers_;
  // Before the routes that refer to them.
  const ClientDevice client_device_;
  const SessionCookie session_cookie_;
  const CookieCsrfCheck cookie_csrf_;
  // Browsers' long polls parked here, and the server's stream that wakes
  // them (login_poll.h).
  LoginWaitList long_polls_;
  LoginChangeWatch login_changes_;
  const LoginRoutes logins_;
  const SessionRoutes sessions_;
  const SignInRoutes sign_ins_;
  const std::optional<OAuthRoutes> oauth_;
  const WebhookRoute webhook_;
  const WellKnownRoutes well_known_;
  const WebConfigRoute web_config_;
  const HealthRoutes health_;
  const StaticRoutes static_files_;
  HttpMetrics* const metrics_;
  std::vector<Route> routes_;
  // Last, so destroyed first: its calls end while the routes still exist.
  mutable RpcCallsInFlight calls_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_ROUTER_H_
