// Bearer credentials in the Authorization header (RFC 6750): the poll token
// of a login, and the access token of the session routes.
#ifndef TGAUTH_GATEWAY_BEARER_TOKEN_H_
#define TGAUTH_GATEWAY_BEARER_TOKEN_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

// The credentials of an "Authorization: Bearer <token68>" header value (RFC
// 6750 section 2.1; the scheme name is case-insensitive), or nullopt when the
// value is empty, another scheme, or not a token68.
std::optional<absl::string_view> BearerToken(absl::string_view authorization);

// 401 with {"code": 16, "message": message} and "WWW-Authenticate: Bearer":
// the answer to a request without usable credentials (RFC 6750 section 3).
HttpResponse BearerChallenge(absl::string_view message);

// Adds `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 section
// 3.1) to a 401, for credentials the server refused; other responses are
// returned unchanged.
HttpResponse WithInvalidTokenChallenge(HttpResponse response);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_BEARER_TOKEN_H_
