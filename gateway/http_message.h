// The plain request/response shapes between the HTTP server (the only code
// that knows Boost.Beast) and the routes, so routes are unit-testable without
// sockets and only one file pays Beast's compile time.
#ifndef TGAUTH_GATEWAY_HTTP_MESSAGE_H_
#define TGAUTH_GATEWAY_HTTP_MESSAGE_H_

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace tgauth::gateway {

class RpcCallsInFlight;

struct HttpRequest {
  std::string method = {};  // As sent, e.g. "GET", "POST", "OPTIONS".
  std::string path = {};    // The target up to '?', not percent-decoded, e.g. "/v1/logins/abc".
  std::map<std::string, std::string> query = {};  // Percent-decoded; a repeated key keeps the last.
  std::set<std::string> repeated_query = {};      // The query's keys sent more than once.
  std::map<std::string, std::string> headers = {};  // Lower-cased names; repeats joined with ", ".
  std::string body = {};
  std::string client_ip = {};  // The TCP peer, textual IPv4 or IPv6 (IPv4-mapped shown as IPv4).
  // Ties the request's log lines and RPCs together (common/request_id.h):
  // the client's valid X-Request-Id, or a new one. "" only in tests that
  // build requests by hand.
  std::string request_id = {};
  // Where StartRpc counts the calls it makes for this request (set by the
  // Router, which owns it); null: not counted.
  RpcCallsInFlight* rpc_calls = nullptr;

  // The value of header `lower_case_name`, "" when absent.
  absl::string_view Header(absl::string_view lower_case_name) const;
};

struct HttpResponse {
  int status = 200;
  // Empty members have initializers so designated initializers may omit
  // them without -Wmissing-field-initializers (GCC 12).
  std::string content_type = {};  // Omitted when empty (e.g. 204).
  std::string body = {};
  std::vector<std::pair<std::string, std::string>> headers = {};  // Added as given.
  // For the access log, not sent: the pattern of the route that answered,
  // e.g. "/v1/logins/{id}" (never the path itself, which may hold a token);
  // "" when no route did.
  std::string route = {};
};

// Completes a request. Call exactly once, from any thread: the server hands
// the response back to the connection's own executor.
using Respond = std::function<void(HttpResponse)>;

// Serves one request; may answer later (after an RPC) through `respond`.
using HttpHandler = std::function<void(HttpRequest, Respond)>;

// Splits a request target ("/path?a=1&b=x%20y") into request->path,
// request->query and request->repeated_query. False when the target does not start with '/' or
// holds a malformed percent escape.
bool ParseRequestTarget(absl::string_view target, HttpRequest* request);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_HTTP_MESSAGE_H_
