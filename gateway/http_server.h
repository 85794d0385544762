// HTTP/1.1 server on Boost.Beast, behind a plain interface: this header and
// http_message.h are all the rest of the gateway sees, so only
// http_server.cc pays Beast's compile time.
//
// One io thread serves every connection (measured faster than two here);
// handlers must not block it: they start an RPC and answer later through
// Respond, from any thread. Keep-alive is honoured; requests that cannot be
// parsed get 400 and bodies over the limit 413, both with the JSON error
// body, and the connection is closed after either.
#ifndef TGAUTH_GATEWAY_HTTP_SERVER_H_
#define TGAUTH_GATEWAY_HTTP_SERVER_H_

#include <cstddef>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

struct HttpServerOptions {
  size_t max_body_bytes = 64 * 1024;
  size_t max_header_bytes = 16 * 1024;
  // Longest time to receive one request (headers and body), and to keep an
  // idle keep-alive connection open. Not applied while a handler runs (a
  // long poll takes up to 35 s).
  absl::Duration read_timeout = absl::Seconds(30);
  // On Shutdown, how long requests in flight may still finish.
  absl::Duration shutdown_grace = absl::Seconds(10);
};

class HttpServer {
 public:
  // Binds `listen_address` ("host:port", "[v6]:port"; port 0 picks a free
  // one) and serves `handler` on a new io thread. INVALID_ARGUMENT for an
  // address that does not parse or resolve, UNAVAILABLE when it cannot be
  // bound (e.g. "Address already in use").
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(absl::string_view listen_address,
                                                           HttpHandler handler,
                                                           HttpServerOptions options = {});

  // Calls Shutdown().
  ~HttpServer();

  // The bound port (useful after asking for port 0).
  int port() const;

  // Stops accepting, closes idle connections, lets requests in flight finish
  // for up to shutdown_grace, then stops the io thread. Responses that
  // arrive later are dropped. Idempotent; call from any thread but the io thread.
  void Shutdown();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_HTTP_SERVER_H_
