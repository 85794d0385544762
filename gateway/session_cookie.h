// Cookie mode: a browser page keeps its refresh token in an HttpOnly cookie
// the gateway sets, instead of handling the token in JavaScript.
//
// A request opts in with the header `X-TGAuth-Session: cookie`. Then every
// response that hands out a Session (the login poll's CONFIRMED answer, the
// sign-ins, POST /v1/sessions:refresh) carries the refresh token only in
//   Set-Cookie: __Host-tgauth_refresh=<token>; Path=/; Max-Age=<seconds>;
//               Secure; HttpOnly; SameSite=Strict
// where Max-Age is the token's Session.refresh_token_expires_in, and the
// JSON has no "refreshToken". The `__Host-` prefix (RFC 6265bis section
// 4.1.3.2) makes the browser refuse the cookie unless it is Secure, has
// Path=/ and no Domain: no other host, not even a sibling subdomain, can set
// or overwrite it. Chromium treats http://localhost and http://127.0.0.1 as
// secure (tests/e2e/browser/session_cookie.test.mjs), so this works in
// development over plain http on loopback. For plain http on any other host
// `insecure` drops Secure and the prefix (the cookie is then "tgauth_refresh").
//
// Only POST /v1/sessions:refresh and :logout read the cookie, and only after
// CookieCsrfCheck (cookie_csrf_check.h) passed. Requests without the header
// (header mode) are answered exactly as before.
#ifndef TGAUTH_GATEWAY_SESSION_COOKIE_H_
#define TGAUTH_GATEWAY_SESSION_COOKIE_H_

#include <grpcpp/support/status.h>

#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/http_message.h"
#include "gateway/json_response.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth::gateway {

// The opt-in header (lower case, as HttpRequest::Header wants it) and its value.
inline constexpr absl::string_view kSessionModeHeader = "x-tgauth-session";
inline constexpr absl::string_view kCookieMode = "cookie";

class SessionCookie {
 public:
  // `insecure`: no Secure attribute and no `__Host-` prefix (plain http on a
  // host that is not loopback; development only).
  explicit SessionCookie(bool insecure = false);

  // True if `request` opted in: X-TGAuth-Session is exactly "cookie".
  static bool Requested(const HttpRequest& request);

  // The cookie's name, e.g. "__Host-tgauth_refresh".
  const std::string& name() const { return name_; }

  // The cookie's value from the request's Cookie header (RFC 6265 section
  // 5.4: "name=value" pairs separated by "; "); "" when absent.
  absl::string_view Read(const HttpRequest& request) const;

  // The Set-Cookie header storing `refresh_token` for `max_age` (whole
  // seconds, at least 0).
  std::pair<std::string, std::string> Set(absl::string_view refresh_token,
                                          absl::Duration max_age) const;

  // The Set-Cookie header deleting the cookie (Max-Age=0).
  std::pair<std::string, std::string> Clear() const;

  // 200 with `response` as JSON, whose `session` (a field of `response`)
  // loses its refresh token to a Set-Cookie header. `session` without a
  // refresh token: the JSON as it is.
  HttpResponse HandOut(google::protobuf::Message& response, tgauth::v1::Session& session) const;

 private:
  std::string name_;
  std::string attributes_;  // "; Path=/; ..." after the value and Max-Age.
};

// A `done` for StartRpc (rpc_call.h) of an RPC whose Response may hold a
// `session`: as ProtoJsonOrError, but in cookie mode (`cookie_mode`) the
// refresh token goes to the cookie. `cookie` must outlive the call.
template <typename Response>
auto SessionJsonOrError(bool cookie_mode, const SessionCookie& cookie, Respond respond) {
  return [cookie_mode, &cookie, respond = std::move(respond)](const grpc::Status& status,
                                                              const Response& response) {
    if (!status.ok()) return respond(ErrorResponse(status));
    if (!cookie_mode || !response.has_session()) return respond(ProtoJsonResponse(response));
    Response copy = response;
    respond(cookie.HandOut(copy, *copy.mutable_session()));
  };
}

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_SESSION_COOKIE_H_
