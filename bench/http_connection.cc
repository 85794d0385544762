#include "bench/http_connection.h"

// clang-format off
#include <utility>  // Before asio: Boost 1.74 + GCC 12 needs std::exchange.
// clang-format on

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace tgauth::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Short and stable, because failures are counted by this text.
std::string FailureKind(const char* step, const beast::error_code& ec) {
  if (ec == beast::error::timeout) return "timeout";
  return std::string(step) + " (" + ec.message() + ")";
}

}  // namespace

struct HttpConnection::Impl {
  Impl(asio::any_io_executor executor, asio::ip::tcp::endpoint endpoint, std::string host)
      : stream(std::move(executor)), endpoint(endpoint), host(std::move(host)) {}

  void Reset() {
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream.close();
    buffer.clear();
    connected = false;
  }

  beast::tcp_stream stream;
  asio::ip::tcp::endpoint endpoint;
  std::string host;
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  bool connected = false;
};

HttpConnection::HttpConnection(asio::any_io_executor executor, asio::ip::tcp::endpoint endpoint,
                               std::string host_header)
    : impl_(std::make_unique<Impl>(std::move(executor), endpoint, std::move(host_header))) {}

HttpConnection::~HttpConnection() = default;

void HttpConnection::Close() { impl_->Reset(); }

asio::awaitable<BenchReply> HttpConnection::Send(BenchRequest request,
                                                 std::chrono::milliseconds timeout) {
  Impl& c = *impl_;
  beast::error_code ec;
  BenchReply reply;
  if (!c.connected) {
    c.stream.expires_after(timeout);
    co_await c.stream.async_connect(c.endpoint, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      c.Reset();
      reply.failure = FailureKind("connect", ec);
      co_return reply;
    }
    // Small requests must leave at once, not wait for Nagle's timer.
    c.stream.socket().set_option(asio::ip::tcp::no_delay(true), ec);
    c.connected = true;
  }
  c.request = {};
  c.request.method_string(request.method);
  c.request.target(request.target);
  c.request.version(11);
  c.request.set(http::field::host, c.host);
  for (const auto& [name, value] : request.headers) c.request.set(name, value);
  if (!request.body.empty()) c.request.set(http::field::content_type, "application/json");
  c.request.body() = std::move(request.body);
  c.request.keep_alive(true);
  c.request.prepare_payload();

  c.stream.expires_after(timeout);
  co_await http::async_write(c.stream, c.request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    c.Reset();
    reply.failure = FailureKind("write", ec);
  }
  co_return reply;
}

asio::awaitable<BenchReply> HttpConnection::Receive(std::chrono::milliseconds timeout) {
  Impl& c = *impl_;
  beast::error_code ec;
  BenchReply reply;
  if (!c.connected) {
    reply.failure = "read (not connected)";  // Send failed, or Close() came first.
    co_return reply;
  }
  http::response<http::string_body> response;
  c.stream.expires_after(timeout);
  co_await http::async_read(c.stream, c.buffer, response,
                            asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    c.Reset();
    reply.failure = FailureKind("read", ec);
    co_return reply;
  }
  c.stream.expires_never();
  reply.status = static_cast<int>(response.result_int());
  reply.body = std::move(response.body());
  if (!response.keep_alive()) c.Reset();
  co_return reply;
}

asio::awaitable<BenchReply> HttpConnection::Exchange(BenchRequest request,
                                                     std::chrono::milliseconds timeout) {
  BenchReply sent = co_await Send(std::move(request), timeout);
  if (!sent.ok()) co_return sent;
  co_return co_await Receive(timeout);
}

}  // namespace tgauth::bench
