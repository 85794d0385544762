#include "gateway/http_server.h"

// First: it includes Boost's Asio and Beast in the order they need.
#include "gateway/http_connection.h"

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "gateway/body_memory_budget.h"
#include "gateway/connection_limits.h"

namespace tgauth::gateway {
namespace {

std::string PeerAddress(const tcp::socket& socket) {
  beast::error_code ec;
  asio::ip::address address = socket.remote_endpoint(ec).address();
  if (ec) return "";
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

}  // namespace

class HttpServer::Impl final : public ConnectionHost {
 public:
  Impl(HttpHandler handler, HttpServerOptions options)
      : handler_(std::move(handler)),
        options_(options),
        limits_(options.max_connections, options.max_connections_per_client),
        body_budget_(options.max_buffered_body_bytes, options.max_buffered_body_bytes_per_client) {}
  ~Impl() { Shutdown(); }

  absl::Status Listen(absl::string_view address);
  void Run();
  void Shutdown();
  int port() const { return port_; }

  // ConnectionHost, for connections on the io thread.
  const HttpServerOptions& options() const override { return options_; }
  const HttpHandler& handler() const override { return handler_; }
  const std::shared_ptr<ResponsePoster>& poster() const override { return poster_; }
  bool shutting_down() const override { return shutting_down_; }
  BodyMemoryBudget& body_budget() override { return body_budget_; }
  void Closed(HttpConnection* connection) override;

 private:
  void Accept();
  void BeginShutdown();
  void StopIfDrained();

  // Declared first so it is destroyed last: every other member uses it.
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  tcp::acceptor acceptor_{io_};
  asio::steady_timer retry_timer_{io_};
  asio::steady_timer grace_timer_{io_};
  std::shared_ptr<ResponsePoster> poster_ = std::make_shared<ResponsePoster>(io_);
  const HttpHandler handler_;
  const HttpServerOptions options_;
  int port_ = 0;
  ConnectionLimits limits_;
  BodyMemoryBudget body_budget_;
  // Owns every open connection, so none outlives io_.
  absl::flat_hash_map<HttpConnection*, std::shared_ptr<HttpConnection>> connections_;
  bool shutting_down_ = false;
  std::thread thread_;
};

absl::Status HttpServer::Impl::Listen(absl::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address must be host:port, got \"", address, "\""));
  }
  std::string host(address.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  beast::error_code ec;
  tcp::resolver resolver(io_);
  auto endpoints = resolver.resolve(host, std::string(address.substr(colon + 1)),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot resolve listen address ", address, ": ", ec.message()));
  }
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address, ": ", ec.message()));
  port_ = acceptor_.local_endpoint().port();
  return absl::OkStatus();
}

void HttpServer::Impl::Run() {
  Accept();
  thread_ = std::thread([this] { io_.run(); });
}

void HttpServer::Impl::Accept() {
  acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open()) return;  // Shutting down.
    if (ec) {
      // E.g. out of file descriptors: retry shortly rather than spin.
      LogWarning("accept failed", {{"error", ec.message()}});
      retry_timer_.expires_after(std::chrono::milliseconds(100));
      retry_timer_.async_wait([this](beast::error_code) { Accept(); });
      return;
    }
    std::string client_ip = PeerAddress(socket);
    if (!limits_.TryOpen(client_ip)) {
      // Over a cap: closed unanswered, costing no more than the accept.
      beast::error_code ignored;
      socket.close(ignored);
      return Accept();
    }
    auto connection =
        std::make_shared<HttpConnection>(std::move(socket), std::move(client_ip), *this);
    connections_.emplace(connection.get(), connection);
    connection->Start();
    Accept();
  });
}

void HttpServer::Impl::Closed(HttpConnection* connection) {
  limits_.Close(connection->client_ip());
  connections_.erase(connection);
  StopIfDrained();
}

void HttpServer::Impl::Shutdown() {
  if (!thread_.joinable()) return;
  asio::post(io_, [this] { BeginShutdown(); });
  thread_.join();
  poster_->Detach();
}

void HttpServer::Impl::BeginShutdown() {
  shutting_down_ = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
  for (auto& [raw, connection] : connections_) connection->CloseIfIdle();
  grace_timer_.expires_after(absl::ToChronoMilliseconds(options_.shutdown_grace));
  grace_timer_.async_wait([this](beast::error_code ec) {
    if (!ec) io_.stop();
  });
  StopIfDrained();
}

void HttpServer::Impl::StopIfDrained() {
  if (shutting_down_ && connections_.empty()) io_.stop();
}

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(absl::string_view listen_address,
                                                              HttpHandler handler,
                                                              HttpServerOptions options) {
  auto impl = std::make_unique<Impl>(std::move(handler), options);
  absl::Status listening = impl->Listen(listen_address);
  if (!listening.ok()) return listening;
  impl->Run();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { Shutdown(); }
int HttpServer::port() const { return impl_->port(); }
void HttpServer::Shutdown() { impl_->Shutdown(); }

}  // namespace tgauth::gateway
