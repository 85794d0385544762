// One HTTP/1.1 connection of HttpServer (http_server.h): with
// http_request_reader.h, which parses what it reads, the only other files
// that know Boost.Beast; only http_server.cc includes it.
#ifndef TGAUTH_GATEWAY_HTTP_CONNECTION_H_
#define TGAUTH_GATEWAY_HTTP_CONNECTION_H_

// Boost 1.74's Asio uses std::exchange without including <utility>; GCC 12
// no longer pulls it in transitively.
// clang-format off
#include <utility>
// clang-format on

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gateway/body_memory_budget.h"
#include "gateway/http_message.h"
#include "gateway/http_request_reader.h"
#include "gateway/http_server.h"
#include "grpcpp/support/status.h"

namespace tgauth::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Lets RPC threads hand responses to the io thread, and stops them doing so
// once the io_context is gone (a long poll may outlive the server).
class ResponsePoster {
 public:
  explicit ResponsePoster(asio::io_context& io) : io_(&io) {}

  template <typename Function>
  void Post(Function function) {
    absl::MutexLock lock(&mu_);
    if (io_ != nullptr) asio::post(*io_, std::move(function));
  }

  void Detach() {
    absl::MutexLock lock(&mu_);
    io_ = nullptr;
  }

 private:
  absl::Mutex mu_;
  asio::io_context* io_ ABSL_GUARDED_BY(mu_);
};

class HttpConnection;

// What a connection uses of the server that owns it; called on the io thread.
class ConnectionHost {
 public:
  virtual ~ConnectionHost() = default;
  virtual const HttpServerOptions& options() const = 0;
  virtual const HttpHandler& handler() const = 0;
  virtual const std::shared_ptr<ResponsePoster>& poster() const = 0;
  virtual bool shutting_down() const = 0;
  virtual BodyMemoryBudget& body_budget() = 0;
  // `connection` is closed: drop it.
  virtual void Closed(HttpConnection* connection) = 0;
};

// One client connection: read a request's header, then its body, hand it to
// the handler, write the answer, repeat while keep-alive holds. Each phase
// has its own deadline (HttpServerOptions).
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  // `host` must outlive the connection.
  HttpConnection(tcp::socket socket, std::string client_ip, ConnectionHost& host)
      : client_ip_(std::move(client_ip)),
        stream_(std::move(socket)),
        reader_(host.options().max_header_bytes, host.options().max_body_bytes),
        server_(host) {}

  const std::string& client_ip() const { return client_ip_; }

  // The first request's header must arrive within header_timeout of accept.
  void Start() { ReadHeader(); }

  // Shutdown: a connection waiting for a request closes now; one busy with a
  // request closes after answering it.
  void CloseIfIdle() {
    if (state_ == State::kReading || state_ == State::kLingering) stream_.cancel();
  }

 private:
  enum class State { kReading, kHandling, kWriting, kLingering, kClosed };

  void AwaitNextRequest();
  void ReadHeader();
  void OnHeader(beast::error_code ec, size_t header_bytes);
  void ReadBody();
  void OnBody(beast::error_code ec);
  void OnReadError(beast::error_code ec);
  void TakeRequestId();
  void Dispatch();
  void Refuse(Refusal refusal);
  Respond MakeRespond();
  void Write(HttpResponse response);
  void OnWrite(beast::error_code ec);
  void Linger();
  void Discard();  // Reads and drops bytes until EOF, error or the linger deadline.
  void Close();

  const std::string client_ip_;
  beast::tcp_stream stream_;
  HttpRequestReader reader_;  // Holds the read buffer and the current request's parser.
  std::optional<BodyMemoryBudget::Reservation> body_reservation_;
  http::response<http::string_body> response_;
  // The current request's, for its X-Request-Id and access line; set once
  // its header is read (a request refused before then gets a new id).
  std::string request_id_;
  std::string method_;
  absl::Time started_;  // When the current request's header was complete.
  bool keep_alive_ = false;
  State state_ = State::kReading;
  ConnectionHost& server_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_HTTP_CONNECTION_H_
