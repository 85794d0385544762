#include "gateway/router.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/real_clock.h"
#include "gateway/json_response.h"

namespace tgauth::gateway {
namespace {

constexpr absl::string_view kApiPrefix = "/v1/";
// Two years (RFC 6797 section 6.1.1 leaves the value to the site). No
// includeSubDomains: the gateway cannot know what else runs under the
// site's domain.
constexpr char kStrictTransportSecurity[] = "max-age=63072000";

std::vector<std::pair<std::string, std::string>> SiteHeaders(absl::string_view site_url) {
  if (!absl::StartsWithIgnoreCase(site_url, "https://")) return {};
  return {{"Strict-Transport-Security", kStrictTransportSecurity}};
}

bool HasHeader(const HttpResponse& response, absl::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (absl::EqualsIgnoreCase(key, name)) return true;
  }
  return false;
}

// Wraps `respond` so the final response gets `headers` (CORS), the default
// Cache-Control and the `route` pattern for the access log, whichever thread
// completes the request.
Respond Decorated(Respond respond, std::vector<std::pair<std::string, std::string>> headers,
                  absl::string_view route) {
  return [respond = std::move(respond), headers = std::move(headers),
          route = std::string(route)](HttpResponse response) {
    response.headers.insert(response.headers.end(), headers.begin(), headers.end());
    response.route = route;
    if (!HasHeader(response, "Cache-Control")) {
      response.headers.emplace_back("Cache-Control", "no-store");
    }
    respond(std::move(response));
  };
}

// A GET that asks to wait for the login's next state (login_routes.h).
bool WaitsForChange(const HttpRequest& request) {
  auto wait = request.query.find("wait");
  return request.method == "GET" && wait != request.query.end() && !wait->second.empty() &&
         wait->second != "0";
}

}  // namespace

Router::Router(tgauth::v1::AuthService::StubInterface& stub,
               grpc::health::v1::Health::StubInterface& health, RouterOptions options)
    : cors_(options.cors_allowed_origins),
      site_headers_(SiteHeaders(options.site_url)),
      client_device_(options.client_address),
      session_cookie_(options.insecure_session_cookie),
      cookie_csrf_(cors_, options.site_url),
      long_polls_(options.clock != nullptr ? *options.clock : WallClock()),
      login_changes_(options.long_poll_stub != nullptr ? *options.long_poll_stub : stub,
                     long_polls_, long_polls_.clock()),
      logins_(stub,
              {.stub = options.long_poll_stub != nullptr ? *options.long_poll_stub : stub,
               .waiters = long_polls_,
               .watch = login_changes_},
              client_device_, session_cookie_),
      sessions_(stub, client_device_, session_cookie_, cookie_csrf_),
      sign_ins_(stub, client_device_, session_cookie_),
      oauth_(options.oauth_stub != nullptr
                 ? std::make_optional<OAuthRoutes>(*options.oauth_stub, client_device_)
                 : std::nullopt),
      webhook_(stub, std::move(options.webhook_secret), client_device_, long_polls_.clock()),
      well_known_(stub),
      web_config_(options.return_to_origins),
      health_(health),
      static_files_(GatewayWebFiles()),
      metrics_(options.metrics) {
  // Handlers hold references to the route members: the router outlives the server.
  auto bind = [](auto method, const auto& target) -> Handler {
    return [method, &target](const HttpRequest& request, Respond respond) {
      (target.*method)(request, std::move(respond));
    };
  };
  Add(std::string(kLoginsPath), false, {{"POST", bind(&LoginRoutes::Create, logins_)}});
  Add(std::string(kLoginPathPrefix), true, {{"GET", bind(&LoginRoutes::Await, logins_)}});
  routes_.back().long_poll = true;
  Add(std::string(kRefreshPath), false, {{"POST", bind(&SessionRoutes::Refresh, sessions_)}});
  Add(std::string(kLogoutPath), false, {{"POST", bind(&SessionRoutes::Logout, sessions_)}});
  Add(std::string(kSessionsPath), false, {{"GET", bind(&SessionRoutes::List, sessions_)}});
  Add(std::string(kSessionPathPrefix), true, {{"DELETE", bind(&SessionRoutes::Revoke, sessions_)}});
  Add(std::string(kRevokeOthersPath), false,
      {{"POST", bind(&SessionRoutes::RevokeOthers, sessions_)}});
  Add(std::string(kMePath), false, {{"GET", bind(&SessionRoutes::Me, sessions_)}});
  Add(std::string(kWidgetSignInPath), false, {{"POST", bind(&SignInRoutes::Widget, sign_ins_)}});
  Add(std::string(kMiniAppSignInPath), false, {{"POST", bind(&SignInRoutes::MiniApp, sign_ins_)}});
  Add(std::string(kLinkExchangePath), false,
      {{"POST", bind(&SignInRoutes::ExchangeLink, sign_ins_)}});
  Add(std::string(kLinkDescribePath), false,
      {{"POST", bind(&SignInRoutes::DescribeLink, sign_ins_)}});
  Add(std::string(kWebhookPath), false, {{"POST", bind(&WebhookRoute::Handle, webhook_)}});
  Add(std::string(kWebConfigPath), false, {{"GET", bind(&WebConfigRoute::Handle, web_config_)}});
  Add(std::string(kJwksPath), false, {{"GET", bind(&WellKnownRoutes::Jwks, well_known_)}});
  Add(std::string(kOpenIdConfigurationPath), false,
      {{"GET", bind(&WellKnownRoutes::OpenIdConfiguration, well_known_)}});
  Add(std::string(kAuthorizationServerMetadataPath), false,
      {{"GET", bind(&WellKnownRoutes::OpenIdConfiguration, well_known_)}});
  if (oauth_.has_value()) {
    Add(std::string(kAuthorizePath), false, {{"GET", bind(&OAuthRoutes::Authorize, *oauth_)}});
    Add(std::string(kTokenPath), false, {{"POST", bind(&OAuthRoutes::Token, *oauth_)}});
    // A browser app (a public client) calls the token endpoint from its own
    // origin: allowed origins get CORS there too.
    routes_.back().cors_preflight = true;
    routes_.back().allow = "POST, OPTIONS";
    Add(std::string(kRevocationPath), false, {{"POST", bind(&OAuthRoutes::Revoke, *oauth_)}});
    routes_.back().cors_preflight = true;
    routes_.back().allow = "POST, OPTIONS";
    Add(std::string(kEndSessionPath), false,
        {{"GET", bind(&OAuthRoutes::EndSession, *oauth_)},
         {"POST", bind(&OAuthRoutes::EndSession, *oauth_)}});
    // For confidential clients, which call from their servers: no CORS.
    Add(std::string(kIntrospectionPath), false,
        {{"POST", bind(&OAuthRoutes::Introspect, *oauth_)}});
    Add(std::string(kUserInfoPath), false,
        {{"GET", bind(&OAuthRoutes::UserInfo, *oauth_)},
         {"POST", bind(&OAuthRoutes::UserInfo, *oauth_)}});
    routes_.back().cors_preflight = true;
    routes_.back().allow = "GET, POST, OPTIONS";
    Add(std::string(kDescribeAuthorizationPath), false,
        {{"POST", bind(&OAuthRoutes::Describe, *oauth_)}});
    Add(std::string(kCompleteAuthorizationPath), false,
        {{"POST", bind(&OAuthRoutes::Complete, *oauth_)}});
    Add(std::string(kDenyAuthorizationPath), false, {{"POST", bind(&OAuthRoutes::Deny, *oauth_)}});
  }
  Add(std::string(kHealthzPath), false, {{"GET", bind(&HealthRoutes::Healthz, health_)}});
  Add(std::string(kReadyzPath), false, {{"GET", bind(&HealthRoutes::Readyz, health_)}});
  for (std::string& path : static_files_.Paths()) {
    Add(std::move(path), false, {{"GET", bind(&StaticRoutes::Handle, static_files_)}});
  }
  if (options.park_long_polls) login_changes_.Start();
}

Router::~Router() {
  // Before any member goes: nothing may wake a parked poll, whose checks
  // use the routes and `calls_`, once they are gone.
  login_changes_.Stop();
  long_polls_.Drain();
}

void Router::Add(std::string path, bool has_parameter,
                 std::vector<std::pair<std::string, Handler>> methods) {
  Route route{
      .path = std::move(path), .has_parameter = has_parameter, .methods = std::move(methods)};
  route.pattern = has_parameter ? absl::StrCat(route.path, "{id}") : route.path;
  route.cors_preflight = absl::StartsWith(route.path, kApiPrefix);
  std::vector<std::string> allowed;
  for (const auto& [method, handler] : route.methods) allowed.push_back(method);
  if (route.cors_preflight) allowed.push_back("OPTIONS");
  route.allow = absl::StrJoin(allowed, ", ");
  routes_.push_back(std::move(route));
}

const Router::Route* Router::Find(absl::string_view path) const {
  for (const Route& route : routes_) {
    if (!route.has_parameter) {
      if (path == route.path) return &route;
      continue;
    }
    absl::string_view parameter = path;
    if (absl::ConsumePrefix(&parameter, route.path) && !parameter.empty() &&
        !absl::StrContains(parameter, '/')) {
      return &route;
    }
  }
  return nullptr;
}

void Router::Handle(HttpRequest request, Respond respond) const {
  request.rpc_calls = &calls_;
  const absl::string_view origin = request.Header("origin");
  std::vector<std::pair<std::string, std::string>> headers = cors_.ResponseHeaders(origin);
  headers.insert(headers.end(), site_headers_.begin(), site_headers_.end());
  const Route* route = Find(request.path);
  respond = Decorated(std::move(respond), std::move(headers),
                      route != nullptr ? absl::string_view(route->pattern) : "");
  if (metrics_ != nullptr) {
    respond = metrics_->Observe(
        route != nullptr ? absl::string_view(route->pattern) : "unmatched", request.method,
        route != nullptr && route->long_poll && WaitsForChange(request), std::move(respond));
  }
  if (route == nullptr) {
    respond(ErrorResponse(grpc::StatusCode::NOT_FOUND, "no such resource"));
    return;
  }
  if (request.method == "OPTIONS" && route->cors_preflight) {
    respond(cors_.Preflight(origin, route->allow));
    return;
  }
  for (const auto& [method, handler] : route->methods) {
    if (method == request.method) {
      handler(request, std::move(respond));
      return;
    }
  }
  HttpResponse not_allowed = ErrorResponse(grpc::StatusCode::UNIMPLEMENTED,
                                           absl::StrCat("method not allowed; use ", route->allow));
  not_allowed.status = 405;
  not_allowed.headers.emplace_back("Allow", route->allow);
  respond(std::move(not_allowed));
}

}  // namespace tgauth::gateway
