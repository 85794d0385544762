// tgauth as an OAuth 2.1 authorization server / OpenID Provider over HTTP
// (proto/tgauth/v1/oauth.proto's OAuthService): the endpoints a client
// reaches, and the three the sign-in page calls to finish a request.
//
//   GET /oauth2/authorize?response_type=code&client_id=..&redirect_uri=..
//       &scope=..&state=..&nonce=..&code_challenge=..&code_challenge_method=S256
//     (RFC 6749 section 4.1.1, OpenID Connect Core 1.0 section 3.1.2.1)
//     303 to the sign-in page, /?authorization=<handle>, for a valid request;
//     303 to the client's redirect URI with `error` for a faulty one; 400
//     {"error": "invalid_request", "error_description"} when the client or
//     the redirect URI is missing, unknown or not registered (nothing is
//     redirected to an address tgauth cannot vouch for: RFC 6749 section
//     4.1.2.1).
//
//   POST /oauth2/token (application/x-www-form-urlencoded; RFC 6749 section
//     4.1.3, RFC 7636 section 4.5): grant_type=authorization_code, code,
//     redirect_uri, code_verifier; or (RFC 6749 section 6)
//     grant_type=refresh_token, refresh_token, scope?; the client
//     authenticated by HTTP Basic, client_secret_post, or (public clients)
//     its client_id alone.
//     200 {"access_token", "token_type": "Bearer", "expires_in",
//     "refresh_token", "scope", "id_token"?}; errors per RFC 6749 section
//     5.2: 400 invalid_request / invalid_grant / invalid_scope /
//     unsupported_grant_type, 401 invalid_client (with a Basic challenge
//     when Basic was used); 503 temporarily_unavailable. Every answer is
//     Cache-Control: no-store.
//
//   POST /oauth2/revoke (RFC 7009), form body `token` (a refresh or access
//     token; token_type_hint is not needed), the client authenticated as at
//     the token endpoint: 200 with an empty body, also for a token that is
//     unknown or already revoked; 400 unauthorized_client for a token of
//     another client; other errors as the token endpoint's.
//
//   POST /oauth2/introspect (RFC 7662), form body `token` and optional
//     `token_type_hint` (ignored: the token's shape tells the kinds apart,
//     which section 2.1 allows), a confidential client authenticated as at
//     the token endpoint: 200 {"active": true, "scope", "client_id",
//     "username", "token_type": "Bearer" (access tokens only), "exp", "iat",
//     "sub", "aud", "iss", "jti", "sid"} with empty members left out and
//     times as JSON numbers, or exactly {"active": false}; 401
//     invalid_client also for a public client (section 2.1 requires
//     authorization); other errors as the token endpoint's. Cache-Control:
//     no-store.
//
//   GET or POST /oauth2/userinfo with Authorization: Bearer <access token>
//     (OpenID Connect Core 1.0 section 5.3) 200 {"sub", "telegram_id",
//     "name"?, "preferred_username"?, "picture"?}, no-store; 401 with
//     WWW-Authenticate: Bearer (error="invalid_token" for a refused token);
//     403 with error="insufficient_scope" for an app's token without
//     `openid`.
//
//   GET or POST /oauth2/logout (OpenID Connect RP-Initiated Logout 1.0; GET
//     with a query, POST with a form body): id_token_hint, client_id?,
//     post_logout_redirect_uri?, state?, ui_locales? (accepted, unused: a
//     logout shows no page to translate). Ends the app session the hint
//     names (server/oauth/end_session_endpoint.h), then 303 to
//     post_logout_redirect_uri with `state`, or 200 text/plain "Signed
//     out." when none was sent. 400 {"error": "invalid_request",
//     "error_description"}, never a redirect (section 4), for a missing or
//     invalid hint, a client_id that is not its audience, an unregistered
//     post_logout_redirect_uri, a repeated parameter or a malformed body.
//     Every answer is Cache-Control: no-store.
//
//   POST /v1/authorizations:describe   {"handle"}  200 {"clientId",
//     "clientName", "scopes", "prompt"}; 404 (code 5) unknown or finished.
//   POST /v1/authorizations:complete   {"handle"} with Authorization: Bearer
//     <the page's access token>  200 {"redirectUri"} carrying the code; 412
//     (code 9) when the client asked for a newer sign-in than the session's.
//   POST /v1/authorizations:deny       {"handle", "error": "access_denied" |
//     "login_required"}  200 {"redirectUri"} carrying the error.
// Handles travel in bodies, never in the paths the access log writes.
// Every RPC has a 5 s deadline.
#ifndef TGAUTH_GATEWAY_OAUTH_ROUTES_H_
#define TGAUTH_GATEWAY_OAUTH_ROUTES_H_

#include "absl/strings/string_view.h"
#include "gateway/client_credentials.h"
#include "gateway/client_device.h"
#include "gateway/form_params.h"
#include "gateway/http_message.h"
#include "tgauth/v1/oauth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kAuthorizePath = "/oauth2/authorize";
inline constexpr absl::string_view kTokenPath = "/oauth2/token";
inline constexpr absl::string_view kUserInfoPath = "/oauth2/userinfo";
inline constexpr absl::string_view kRevocationPath = "/oauth2/revoke";
inline constexpr absl::string_view kEndSessionPath = "/oauth2/logout";
inline constexpr absl::string_view kIntrospectionPath = "/oauth2/introspect";
inline constexpr absl::string_view kDescribeAuthorizationPath = "/v1/authorizations:describe";
inline constexpr absl::string_view kCompleteAuthorizationPath = "/v1/authorizations:complete";
inline constexpr absl::string_view kDenyAuthorizationPath = "/v1/authorizations:deny";

class OAuthRoutes {
 public:
  // `stub` and `client_device` must outlive the routes.
  OAuthRoutes(tgauth::v1::OAuthService::StubInterface& stub, const ClientDevice& client_device)
      : stub_(stub), client_device_(client_device) {}

  void Authorize(const HttpRequest& request, Respond respond) const;   // GET kAuthorizePath
  void Token(const HttpRequest& request, Respond respond) const;       // POST kTokenPath
  void UserInfo(const HttpRequest& request, Respond respond) const;    // GET, POST kUserInfoPath
  void Revoke(const HttpRequest& request, Respond respond) const;      // POST kRevocationPath
  void EndSession(const HttpRequest& request, Respond respond) const;  // GET, POST kEndSessionPath
  void Introspect(const HttpRequest& request, Respond respond) const;  // POST kIntrospectionPath
  void Describe(const HttpRequest& request, Respond respond) const;    // POST ...:describe
  void Complete(const HttpRequest& request, Respond respond) const;    // POST ...:complete
  void Deny(const HttpRequest& request, Respond respond) const;        // POST ...:deny

 private:
  // The token endpoint's grants.
  void ExchangeCode(const HttpRequest& request, const FormParams& form,
                    const ClientCredentials& credentials, Respond respond) const;
  void RefreshToken(const HttpRequest& request, const FormParams& form,
                    const ClientCredentials& credentials, Respond respond) const;

  tgauth::v1::OAuthService::StubInterface& stub_;
  const ClientDevice& client_device_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_OAUTH_ROUTES_H_
