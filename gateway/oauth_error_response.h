// OAuth 2.0 error responses of the endpoints a client calls directly
// (token, revocation, introspection): RFC 6749 section 5.2.
#ifndef TGAUTH_GATEWAY_OAUTH_ERROR_RESPONSE_H_
#define TGAUTH_GATEWAY_OAUTH_ERROR_RESPONSE_H_

#include "absl/strings/string_view.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

// `status` with {"error": error, "error_description": description} and
// "Cache-Control: no-store", "Pragma: no-cache" (RFC 6749 section 5.1, which
// section 5.2 shares). `error` is one of section 5.2's codes (e.g.
// "invalid_request", "invalid_client", "invalid_grant"); `description` is
// for the client's developer and must hold no secret. An empty description
// is omitted.
HttpResponse OAuthErrorResponse(int status, absl::string_view error,
                                absl::string_view description);

// 401 invalid_client with "WWW-Authenticate: Basic" (RFC 6749 section 5.2:
// the answer when the client authenticated, or tried to, with the
// Authorization header).
HttpResponse BasicInvalidClientResponse(absl::string_view description);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_OAUTH_ERROR_RESPONSE_H_
