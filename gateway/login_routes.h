// The REST side of the cross-device QR login (server/qr_login/login_broker.h): a browser creates a
// login, shows its QR code, and long-polls for the outcome.
//
//   POST /v1/logins   body: empty, or {"device_name": "Laptop", "time_zone":
//                     "Europe/Berlin"}, both optional (also as "deviceName",
//                     "timeZone"; see json_body.h)
//     200 CreateLoginResponse as proto3 JSON: {"loginToken", "pollToken",
//         "deepLink", "qrSvg" (a standalone SVG document), "expiresAt"
//         (RFC 3339), "pollIntervalSeconds", "matchCode" (only when the
//         deployment asks the user to match a code)}. The QR travels inside
//         this response rather than from a separate qr.svg route: the
//         gateway is stateless and the QR is useless without the poll token.
//     400 (code 3) body not a JSON object, a field not a string, or a limit
//         of client_device.h broken.
//
//   GET /v1/logins/{login_token}?wait=N&known_state=S
//       Authorization: Bearer <poll_token>
//     S: the "state" the client last saw, e.g. LOGIN_STATE_SCANNED (absent:
//     PENDING); the poll answers as soon as the login's state differs.
//     200 AwaitLoginResponse as proto3 JSON, e.g. {"state": "LOGIN_STATE_PENDING"},
//         or with "user" and "session" once confirmed (in cookie mode,
//         session_cookie.h, the refresh token goes to the session cookie).
//     401 (code 16) missing or malformed Authorization.
//     400 (code 3) N not a whole number 0..30, S not a LoginState name, or a
//         malformed login token.
//     With N > 0 the poll waits in the gateway while the server's
//     WatchLoginChanges stream is up (login_poll.h), else in the server;
//     the answers are the same. 429 (code 8) when the login already has
//     8 polls waiting.
//
// Other errors are the server's, mapped by HttpStatusFromGrpcCode.
#ifndef TGAUTH_GATEWAY_LOGIN_ROUTES_H_
#define TGAUTH_GATEWAY_LOGIN_ROUTES_H_

#include "absl/strings/string_view.h"
#include "gateway/client_device.h"
#include "gateway/http_message.h"
#include "gateway/login_poll.h"
#include "gateway/session_cookie.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kLoginsPath = "/v1/logins";
inline constexpr absl::string_view kLoginPathPrefix = "/v1/logins/";  // + login token.

class LoginRoutes {
 public:
  // `client_device`, `cookie` and what `polls` refers to must outlive the
  // routes. Long polls go to `polls.stub`, everything else to `stub`.
  LoginRoutes(tgauth::v1::AuthService::StubInterface& stub, LoginPollDeps polls,
              const ClientDevice& client_device, const SessionCookie& cookie)
      : stub_(stub), polls_(polls), client_device_(client_device), cookie_(cookie) {}

  // POST /v1/logins.
  void Create(const HttpRequest& request, Respond respond) const;

  // GET /v1/logins/{login_token}; request.path starts with kLoginPathPrefix.
  void Await(const HttpRequest& request, Respond respond) const;

 private:
  tgauth::v1::AuthService::StubInterface& stub_;
  const LoginPollDeps polls_;
  const ClientDevice& client_device_;
  const SessionCookie& cookie_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_LOGIN_ROUTES_H_
