// The REST side of the cross-device QR login (DESIGN.md): a browser creates a
// login, shows its QR code, and long-polls for the outcome.
//
//   POST /v1/logins            body: {} or {"deviceName": "Laptop"} (may be empty)
//     200 CreateLoginResponse as proto3 JSON: {"loginToken", "pollToken",
//         "deepLink", "qrSvg" (a standalone SVG document), "expiresAt"
//         (RFC 3339), "pollIntervalSeconds"}. The QR travels inside this
//         response rather than from a separate qr.svg route: the gateway is
//         stateless and the QR is useless without the poll token anyway.
//     400 (code 3) body not a JSON object, or deviceName not a string.
//
//   GET /v1/logins/{login_token}?wait=N    Authorization: Bearer <poll_token>
//     200 AwaitLoginResponse as proto3 JSON, e.g. {"state": "LOGIN_STATE_PENDING"},
//         or with "user" and "session" once confirmed.
//     401 (code 16) missing or malformed Authorization.
//     400 (code 3) N not a whole number 0..30, or a malformed login token.
//     The RPC's deadline is N + 5 seconds.
//
// Other errors are the server's, mapped by HttpStatusFromGrpcCode.
#ifndef TGAUTH_GATEWAY_LOGIN_ROUTES_H_
#define TGAUTH_GATEWAY_LOGIN_ROUTES_H_

#include <string>
#include <string_view>

#include "gateway/http_message.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr std::string_view kLoginsPath = "/v1/logins";
inline constexpr std::string_view kLoginPathPrefix = "/v1/logins/";  // + login token.

// Longest AwaitLogin wait a client may ask for, seconds (auth.proto).
inline constexpr int kMaxWaitSeconds = 30;
// Longest User-Agent forwarded, bytes (auth.proto's Device.user_agent).
inline constexpr size_t kMaxUserAgentBytes = 512;

class LoginRoutes {
 public:
  // `trust_forwarded_for`: take the client IP from X-Forwarded-For's first
  // address (set only behind a proxy that overwrites that header).
  LoginRoutes(tgauth::v1::AuthService::StubInterface& stub, bool trust_forwarded_for)
      : stub_(stub), trust_forwarded_for_(trust_forwarded_for) {}

  // POST /v1/logins.
  void Create(const HttpRequest& request, Respond respond) const;

  // GET /v1/logins/{login_token}; request.path starts with kLoginPathPrefix.
  void Await(const HttpRequest& request, Respond respond) const;

 private:
  std::string ClientIp(const HttpRequest& request) const;

  tgauth::v1::AuthService::StubInterface& stub_;
  const bool trust_forwarded_for_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_LOGIN_ROUTES_H_
