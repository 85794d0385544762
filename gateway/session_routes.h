// The REST side of sessions and tokens (auth.proto's RefreshSession,
// RevokeSession, ListSessions, RevokeOtherSessions, GetMe). Each route is
// one RPC; responses are proto3 JSON (lowerCamelCase names, default values
// omitted), never cached.
//
//   POST /v1/sessions:refresh      {"refresh_token": "..."}
//     200 {"session": {"sessionId", "accessToken", "tokenType", "expiresIn",
//         "refreshToken"}}: the new pair; the old refresh token is spent.
//   POST /v1/sessions:logout       {"refresh_token": "..."}
//     200 {}: the session is revoked (also when it already was, or the token
//         is unknown: RFC 7009 section 2.2).
//   Both: 400 (code 3) body not a JSON object, or refresh_token missing or
//   not 43 characters of A-Z a-z 0-9 - _ ("refreshToken" is accepted too).
//   Cookie mode (session_cookie.h; header X-TGAuth-Session: cookie): the
//   body may be empty or name no refresh_token; then the session cookie's
//   token is used, after CookieCsrfCheck (cookie_csrf_check.h):
//     403 (code 7) the header or an allowed Origin is missing (also for a
//         request that carries the cookie but not the header); nothing changes.
//     refresh: 401 (code 16) no or a malformed cookie; a 200 moves the new
//         refresh token into the cookie (none in the JSON); any 401 deletes
//         the cookie.
//     logout: 200 {} also without a cookie; every answer but 400 and 403
//         deletes the cookie.
//
// Authenticated by "Authorization: Bearer <access token>", forwarded to the
// server as gRPC metadata (and never logged):
//   GET    /v1/sessions               200 {"sessions": [{"sessionId", "device":
//          {"userAgent", "ipAddress", "name", "timeZone"}, "signInMethod",
//          "createdAt", "lastRefreshedAt", "expiresAt", "current"}]}, newest first
//   DELETE /v1/sessions/{session_id}  200 {}; 400 (code 3) if the id is not a UUID
//   POST   /v1/sessions:revokeOthers  200 {"revokedCount": N} (body ignored)
//   GET    /v1/me                     200 {"user": {"id", "telegramId", "firstName",
//          "lastName", "username", "photoUrl", "subscriptionTier",
//          "subscriptionExpiresAt", "createdAt"}}
//   401 (code 16) with "WWW-Authenticate: Bearer" when the header is missing
//   or not Bearer (RFC 6750 section 3); with `Bearer error="invalid_token"`
//   when the server refuses the token, or it is longer than
//   kMaxBearerTokenBytes (bearer_token.h; not forwarded).
//
// Other errors are the server's, mapped by HttpStatusFromGrpcCode; every RPC
// has a 5 s deadline.
#ifndef TGAUTH_GATEWAY_SESSION_ROUTES_H_
#define TGAUTH_GATEWAY_SESSION_ROUTES_H_

#include "absl/strings/string_view.h"
#include "gateway/client_device.h"
#include "gateway/cookie_csrf_check.h"
#include "gateway/http_message.h"
#include "gateway/session_cookie.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kSessionsPath = "/v1/sessions";
inline constexpr absl::string_view kSessionPathPrefix = "/v1/sessions/";  // + session id.
inline constexpr absl::string_view kRefreshPath = "/v1/sessions:refresh";
inline constexpr absl::string_view kLogoutPath = "/v1/sessions:logout";
inline constexpr absl::string_view kRevokeOthersPath = "/v1/sessions:revokeOthers";
inline constexpr absl::string_view kMePath = "/v1/me";

class SessionRoutes {
 public:
  // `client_device`, `cookie` and `csrf` must outlive the routes.
  SessionRoutes(tgauth::v1::AuthService::StubInterface& stub, const ClientDevice& client_device,
                const SessionCookie& cookie, const CookieCsrfCheck& csrf)
      : stub_(stub), client_device_(client_device), cookie_(cookie), csrf_(csrf) {}

  void Refresh(const HttpRequest& request, Respond respond) const;  // POST kRefreshPath
  void Logout(const HttpRequest& request, Respond respond) const;   // POST kLogoutPath
  void List(const HttpRequest& request, Respond respond) const;     // GET kSessionsPath
  void Revoke(const HttpRequest& request, Respond respond) const;  // DELETE kSessionPathPrefix + id
  void RevokeOthers(const HttpRequest& request, Respond respond) const;  // POST kRevokeOthersPath
  void Me(const HttpRequest& request, Respond respond) const;            // GET kMePath

 private:
  tgauth::v1::AuthService::StubInterface& stub_;
  const ClientDevice& client_device_;
  const SessionCookie& cookie_;
  const CookieCsrfCheck& csrf_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_SESSION_ROUTES_H_
