// One keep-alive HTTP/1.1 client connection for the load generator, driven
// by C++20 coroutines on an Asio io_context: thousands of them share one
// thread. HTTP/1.1 allows one request in flight per connection, so a parked
// long poll needs a connection of its own. Beast stays in the .cc (a Beast
// file costs ~13 s to compile).
#ifndef TGAUTH_BENCH_HTTP_CONNECTION_H_
#define TGAUTH_BENCH_HTTP_CONNECTION_H_

// clang-format off
#include <utility>  // Before asio: Boost 1.74 + GCC 12 needs std::exchange.
// clang-format on

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace tgauth::bench {

struct BenchRequest {
  std::string method;  // "GET", "POST".
  std::string target;  // Path and query.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // Sent as application/json when not empty.
};

// What became of one request. `failure` is empty on success (any HTTP
// status); otherwise "timeout", or the step that failed with the system's
// reason: "connect (Connection refused)", "write (...)", "read (end of
// stream)" (closed or reset by the peer, or a malformed reply).
struct BenchReply {
  std::string failure;
  int status = 0;
  std::string body;
  bool ok() const { return failure.empty(); }
};

class HttpConnection {
 public:
  HttpConnection(boost::asio::any_io_executor executor, boost::asio::ip::tcp::endpoint endpoint,
                 std::string host_header);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Connects if not connected, then writes `request` (kept until the reply
  // is read). Completes when the last byte is handed to the kernel, which is
  // when a long poll counts as sent. `timeout` bounds connect and write.
  boost::asio::awaitable<BenchReply> Send(BenchRequest request, std::chrono::milliseconds timeout);

  // Reads the reply to the request Send wrote. Closes the connection on any
  // failure and when the server does not keep it alive; the next Send
  // reconnects.
  boost::asio::awaitable<BenchReply> Receive(std::chrono::milliseconds timeout);

  // Send, then Receive, each with `timeout`.
  boost::asio::awaitable<BenchReply> Exchange(BenchRequest request,
                                              std::chrono::milliseconds timeout);

  // Closes the socket; a pending Send or Receive completes with a failure.
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tgauth::bench

#endif  // TGAUTH_BENCH_HTTP_CONNECTION_H_
