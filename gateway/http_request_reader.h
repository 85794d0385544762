// Reading one HTTP/1.1 request (RFC 9112) with Boost.Beast's parser, and the
// gateway's rules for it, apart from any socket: HttpConnection
// (http_connection.h) drives it over TCP, the fuzz harness over bytes in
// memory. The refusals are the ones http_server.h documents (400, 413, 431,
// 501).
#ifndef TGAUTH_GATEWAY_HTTP_REQUEST_READER_H_
#define TGAUTH_GATEWAY_HTTP_REQUEST_READER_H_

// Boost 1.74's Asio uses std::exchange without including <utility>; GCC 12
// no longer pulls it in transitively.
// clang-format off
#include <utility>
// clang-format on

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "gateway/http_message.h"
#include "grpcpp/support/status.h"

namespace tgauth::gateway {

// A request the gateway will not serve: the status and JSON error to answer
// with before closing the connection.
struct Refusal {
  int http_status = 400;
  grpc::StatusCode code = grpc::StatusCode::INVALID_ARGUMENT;
  std::string message = {};
};

class HttpRequestReader {
 public:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  // Bytes of buffer beyond max_header_bytes, so the parser's own header
  // limit (431) is what a long header meets, not a full buffer.
  static constexpr size_t kBufferSlack = 1024;

  // Limits in bytes: `max_header_bytes` for the request line and header
  // fields (and, with them, chunk extensions and trailer fields),
  // `max_body_bytes` for the body.
  HttpRequestReader(size_t max_header_bytes, size_t max_body_bytes);

  // Bytes read from the peer and not yet parsed; sized to hold the header
  // and one chunk header or trailer section, so a chunk line or trailer
  // that does not fit is refused with 431. Pipelined requests wait here.
  boost::beast::flat_buffer& buffer() { return buffer_; }

  // Starts the next request: a fresh parser with the limits, for
  // http::async_read_header and then http::async_read.
  Parser& Begin();
  Parser& parser() { return *parser_; }

  // Once the header is read (`header_bytes` as read_header reports them):
  // 501 for a Transfer-Encoding other than chunked, else nullopt.
  std::optional<Refusal> OnHeader(size_t header_bytes);

  // The most bytes the body can take: its Content-Length, or
  // max_body_bytes when chunked. Only while !parser().is_done().
  size_t BodyBytes() const;

  // Once the body is read: 431 when the header, chunk extensions and
  // trailer fields together exceed max_header_bytes, else nullopt.
  std::optional<Refusal> OnBody() const;

  // What a read error means: the refusal to answer with (413 body too
  // large, 431 header too large, 400 malformed), or nullopt when the
  // connection should just close (peer gone, timeout, shutdown).
  std::optional<Refusal> RefusalFor(boost::beast::error_code ec) const;

  // The complete request as the routes see it (header fields only, never
  // trailers; body moved out), or 400 for a malformed request target. Then
  // frees the parser (parser() is invalid until the next Begin) and, unless
  // pipelined bytes wait in it, the read buffer's memory.
  std::variant<HttpRequest, Refusal> TakeRequest(std::string client_ip);

 private:
  void Release();

  const size_t max_header_bytes_;
  const size_t max_body_bytes_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  // Header bytes of the current request: its request line and fields, then
  // also its chunk extensions (counted by on_chunk_header_).
  size_t header_bytes_ = 0;
  size_t header_fields_ = 0;  // Fields before the body; later ones are trailers.
  std::function<void(uint64_t, boost::beast::string_view, boost::beast::error_code&)>
      on_chunk_header_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_HTTP_REQUEST_READER_H_
