// The gateway's access log: one line per answered HTTP request,
//
//   {"time":...,"level":"info","msg":"http request","method":"POST",
//    "route":"/v1/logins","status":200,"duration_ms":3.25,
//    "request_id":"9f2c...","bytes":312}
//
// `route` is the pattern that answered ("/v1/logins/{id}"), "none" when no
// route did (404, or a request the server refused before routing): never
// the path or query, which may hold a login token. No header, body, client
// address or user agent is logged.
#ifndef TGAUTH_GATEWAY_HTTP_ACCESS_LOG_H_
#define TGAUTH_GATEWAY_HTTP_ACCESS_LOG_H_

#include <cstddef>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth::gateway {

struct HttpAccess {
  absl::string_view method = {};      // As sent; "" when the request line did not parse.
  absl::string_view route = {};       // HttpResponse::route.
  int status = 0;                     // The HTTP status sent.
  absl::Duration duration = {};       // From the end of the request's header to the answer.
  absl::string_view request_id = {};  // The one returned in X-Request-Id.
  size_t bytes = 0;                   // Of the response body.
};

// Writes the access line of `access`.
void LogHttpAccess(const HttpAccess& access);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_HTTP_ACCESS_LOG_H_
