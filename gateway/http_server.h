// HTTP/1.1 server on Boost.Beast, behind a plain interface: this header and
// http_message.h are all the rest of the gateway sees, so only
// http_server.cc, http_connection.cc and http_request_reader.cc pay
// Beast's compile time.
//
// One io thread serves every connection (measured faster than two here);
// handlers must not block it: they start an RPC and answer later through
// Respond, from any thread. Keep-alive is honoured. Requests it will not
// serve get the JSON error body and the connection is closed after it
// (RFC 9110 and 9112):
//   400  the request cannot be parsed
//   413  a body over max_body_bytes
//   431  request line and header fields over max_header_bytes; also when
//        a chunked body's extensions and trailer fields push the total
//        over it (they are header-like data the client controls)
//   501  a Transfer-Encoding other than "chunked" (no other coding is
//        implemented)
//   503  no room for the body in max_buffered_body_bytes, or in the
//        client address's share of it, now
// Connections over max_connections, or over max_connections_per_client
// from one address, are closed at once, unanswered. A connection is closed
// without an answer when a phase outlasts its timeout.
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
  size_t max_header_bytes = 16 * 1024;  // Request line and header fields.
  // Bytes all bodies still arriving may hold together (each counts its
  // Content-Length, or max_body_bytes when chunked, until it is complete).
  size_t max_buffered_body_bytes = 32 * 1024 * 1024;
  // The share of max_buffered_body_bytes one client address may hold; 0: no
  // per-address share (behind a proxy).
  size_t max_buffered_body_bytes_per_client = 1024 * 1024;
  size_t max_connections = 10000;
  size_t max_connections_per_client = 256;  // Per TCP peer address; 0: no cap.
  // Longest time from a connection's accept, or a later request's first
  // byte, to the end of its header fields: a client trickling bytes
  // (slowloris) is closed after it however steadily it sends.
  absl::Duration header_timeout = absl::Seconds(10);
  // Longest time from the end of the header fields to the end of the body.
  absl::Duration body_timeout = absl::Seconds(30);
  // Longest wait for the next request on a keep-alive connection, and for a
  // response to be written. None of these runs while a handler runs (a long
  // poll takes up to 35 s).
  absl::Duration idle_timeout = absl::Seconds(60);
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
