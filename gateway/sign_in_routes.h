// The REST side of the Telegram sign-in methods other than the QR login
// (auth.proto's SignInWithWidget, SignInWithMiniApp, ExchangeLoginLink).
// Each passes the Device (client_device.h) and answers like a redeemed QR
// login: 200 SignInResponse as proto3 JSON,
//   {"user": {"id", "telegramId", "firstName", ...}, "session": {"sessionId",
//    "accessToken", "tokenType", "expiresIn", "refreshToken",
//    "refreshTokenExpiresIn"}}, never cached; in cookie mode
//   (session_cookie.h) the refresh token goes to the session cookie instead.
//
//   POST /v1/auth/telegram-widget?device_name=..&time_zone=..
//     body: the object the Login Widget gave the page, as it is, e.g.
//     {"id": 42, "first_name": "Ada", "auth_date": 1700000000, "hash": "ab.."}.
//     Every top-level field is forwarded as the text Telegram signed:
//     strings as they are, integers in decimal. The optional device name and
//     time zone travel in the query, because every body field takes part in
//     the signature check.
//     400 (code 3) body not a non-empty JSON object, or a field that is not a
//     string or an integer of at most 2^53 - 1 (the message names it).
//
//   POST /v1/auth/telegram-miniapp
//     body: {"init_data": "<Telegram.WebApp.initData>", "device_name"?, "time_zone"?}
//     400 (code 3) init_data missing or not a string.
//
//   POST /v1/auth/telegram-link:exchange
//     body: {"token": "<from the callback URL>", "device_name"?, "time_zone"?}
//     400 (code 3) token missing or not 43 characters of A-Z a-z 0-9 - _.
//
//   POST /v1/auth/telegram-link:describe
//     body: {"token": "<from the callback URL>"}
//     200 {"firstName", "lastName"?, "username"?, "photoUrl"?, "expiresAt"}:
//     the Telegram account the link signs in as, the link left unused, so
//     the callback page can ask the person before exchanging it (a page that
//     signed in on load would let anyone sign a visitor into the sender's
//     account). 404 (code 5) if the link is unknown, used or expired; 400 as
//     for the exchange.
//
// All: 400 (code 3) for a device name or time zone beyond client_device.h's
// limits; the server's UNAUTHENTICATED (data that does not verify, is stale,
// or a used or expired link) is 401; other errors are mapped by
// HttpStatusFromGrpcCode. Every RPC has a 5 s deadline.
#ifndef TGAUTH_GATEWAY_SIGN_IN_ROUTES_H_
#define TGAUTH_GATEWAY_SIGN_IN_ROUTES_H_

#include "absl/strings/string_view.h"
#include "gateway/client_device.h"
#include "gateway/http_message.h"
#include "gateway/session_cookie.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kWidgetSignInPath = "/v1/auth/telegram-widget";
inline constexpr absl::string_view kMiniAppSignInPath = "/v1/auth/telegram-miniapp";
inline constexpr absl::string_view kLinkExchangePath = "/v1/auth/telegram-link:exchange";
inline constexpr absl::string_view kLinkDescribePath = "/v1/auth/telegram-link:describe";

class SignInRoutes {
 public:
  // `client_device` and `cookie` must outlive the routes.
  SignInRoutes(tgauth::v1::AuthService::StubInterface& stub, const ClientDevice& client_device,
               const SessionCookie& cookie)
      : stub_(stub), client_device_(client_device), cookie_(cookie) {}

  void Widget(const HttpRequest& request, Respond respond) const;        // POST kWidgetSignInPath
  void MiniApp(const HttpRequest& request, Respond respond) const;       // POST kMiniAppSignInPath
  void ExchangeLink(const HttpRequest& request, Respond respond) const;  // POST kLinkExchangePath
  void DescribeLink(const HttpRequest& request, Respond respond) const;  // POST kLinkDescribePath

 private:
  // StartRpc's `done` for a sign-in: its SignInResponse as JSON, the
  // refresh token in the cookie when `request` asked for cookie mode.
  auto SignedIn(const HttpRequest& request, Respond respond) const;

  tgauth::v1::AuthService::StubInterface& stub_;
  const ClientDevice& client_device_;
  const SessionCookie& cookie_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_SIGN_IN_ROUTES_H_
