// Bearer credentials in the Authorization header (RFC 6750): the poll token
// of a login, and the access token of the session routes.
#ifndef TGAUTH_GATEWAY_BEARER_TOKEN_H_
#define TGAUTH_GATEWAY_BEARER_TOKEN_H_

#include <cstddef>
#include <optional>
#include <variant>

#include "absl/strings/string_view.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

// The longest bearer token the gateway forwards, bytes. tgauth's longest
// token is an access token: an ES256 JWT (server/token/access_token_signer.cc)
// of a ~70-byte header and a ~200-byte payload plus the operator's issuer,
// audience and tier strings, base64url-encoded (x4/3), and a 64-byte
// signature (86 characters); under 1 KiB for any sensible issuer. Longer
// credentials are refused with 401 rather than sent on as gRPC metadata,
// where one client's oversized headers could break the channel every
// request shares.
inline constexpr size_t kMaxBearerTokenBytes = 4096;

// The credentials of an "Authorization: Bearer <token68>" header value (RFC
// 6750 section 2.1; the scheme name is case-insensitive), or nullopt when the
// value is empty, another scheme, or not a token68.
std::optional<absl::string_view> BearerToken(absl::string_view authorization);

// The bearer token of `request`'s Authorization header, or the 401 to answer
// instead: BearerChallenge(missing_message) when there is none, and
// error="invalid_token" when it is longer than kMaxBearerTokenBytes.
std::variant<absl::string_view, HttpResponse> RequireBearerToken(const HttpRequest& request,
                                                                 absl::string_view missing_message);

// 401 with {"code": 16, "message": message} and "WWW-Authenticate: Bearer":
// the answer to a request without usable credentials (RFC 6750 section 3).
HttpResponse BearerChallenge(absl::string_view message);

// Adds `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 section
// 3.1) to a 401, for credentials the server refused; other responses are
// returned unchanged.
HttpResponse WithInvalidTokenChallenge(HttpResponse response);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_BEARER_TOKEN_H_
