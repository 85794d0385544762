#include "gateway/http_server.h"

// Boost 1.74's Asio uses std::exchange without including <utility>; GCC 12
// no longer pulls it in transitively.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/real_clock.h"
#include "gateway/json_response.h"

namespace tgauth::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// How long a closing connection may take to send us the rest of a request
// we refused, so the kernel does not reset it before our answer arrives.
constexpr std::chrono::seconds kLingerTime(2);

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

std::string PeerAddress(const tcp::socket& socket) {
  beast::error_code ec;
  asio::ip::address address = socket.remote_endpoint(ec).address();
  if (ec) return "";
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == beast::http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

// RFC 9110 section 5.6.7 IMF-fixdate, for the Date header.
std::string HttpDate() {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", WallClock().Now(), absl::UTCTimeZone());
}

class Connection;

}  // namespace

class HttpServer::Impl {
 public:
  Impl(HttpHandler handler, HttpServerOptions options)
      : handler_(std::move(handler)), options_(options) {}
  ~Impl() { Shutdown(); }

  absl::Status Listen(absl::string_view address);
  void Run();
  void Shutdown();
  int port() const { return port_; }

  // For connections, on the io thread.
  const HttpServerOptions& options() const { return options_; }
  const HttpHandler& handler() const { return handler_; }
  const std::shared_ptr<ResponsePoster>& poster() const { return poster_; }
  bool shutting_down() const { return shutting_down_; }
  void Closed(Connection* connection);

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
  // Owns every open connection, so none outlives io_.
  absl::flat_hash_map<Connection*, std::shared_ptr<Connection>> connections_;
  bool shutting_down_ = false;
  std::thread thread_;
};

namespace {

// One client connection: read a request, hand it to the handler, write the
// answer, repeat while keep-alive holds.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, HttpServer::Impl& server)
      : client_ip_(PeerAddress(socket)), stream_(std::move(socket)), server_(server) {}

  void Read();

  // Shutdown: a connection waiting for a request closes now; one busy with a
  // request closes after answering it.
  void CloseIfIdle() {
    if (state_ == State::kReading || state_ == State::kLingering) stream_.cancel();
  }

 private:
  enum class State { kReading, kHandling, kWriting, kLingering, kClosed };

  void OnRead(beast::error_code ec);
  void Refuse(HttpResponse response);
  Respond MakeRespond();
  void Write(HttpResponse response);
  void OnWrite(beast::error_code ec);
  void Linger();
  void Discard();  // Reads and drops bytes until EOF, error or the linger deadline.
  void Close();

  const std::string client_ip_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool keep_alive_ = false;
  State state_ = State::kReading;
  HttpServer::Impl& server_;
};

void Connection::Read() {
  state_ = State::kReading;
  parser_.emplace();
  parser_->body_limit(server_.options().max_body_bytes);
  parser_->header_limit(server_.options().max_header_bytes);
  stream_.expires_after(absl::ToChronoMilliseconds(server_.options().read_timeout));
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
}

void Connection::OnRead(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    HttpResponse too_large = ErrorResponse(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        absl::StrCat("request body larger than ", server_.options().max_body_bytes, " bytes"));
    too_large.status = 413;
    return Refuse(std::move(too_large));
  }
  if (IsParseError(ec)) {
    return Refuse(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT, "malformed HTTP request"));
  }
  if (ec) return Close();  // Peer closed, timed out, or shutdown.

  http::request<http::string_body>& message = parser_->get();
  HttpRequest request;
  if (!ParseRequestTarget(absl::string_view(message.target().data(), message.target().size()),
                          &request)) {
    return Refuse(ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT, "malformed request target"));
  }
  request.method = std::string(message.method_string());
  for (const auto& field : message) {
    std::string& value = request.headers[absl::AsciiStrToLower(
        absl::string_view(field.name_string().data(), field.name_string().size()))];
    if (!value.empty()) value += ", ";
    value.append(field.value().data(), field.value().size());
  }
  request.body = std::move(message.body());
  request.client_ip = client_ip_;
  keep_alive_ = message.keep_alive();
  state_ = State::kHandling;
  stream_.expires_never();  // A long poll legitimately takes wait + 5 s.
  server_.handler()(std::move(request), MakeRespond());
}

// Answers a request we will not serve, then closes: the rest of its bytes
// cannot be trusted to frame the next request.
void Connection::Refuse(HttpResponse response) {
  keep_alive_ = false;
  state_ = State::kHandling;
  Write(std::move(response));
}

Respond Connection::MakeRespond() {
  // Weak: the server owns connections; a late answer for a closed one is dropped.
  return [weak = weak_from_this(), poster = server_.poster()](HttpResponse response) {
    poster->Post([weak, response = std::move(response)]() mutable {
      if (auto self = weak.lock()) self->Write(std::move(response));
    });
  };
}

void Connection::Write(HttpResponse response) {
  if (state_ != State::kHandling) return;  // Closed meanwhile, or answered twice.
  state_ = State::kWriting;
  response_ = {};
  response_.version(11);
  response_.result(static_cast<unsigned>(response.status));
  response_.set(http::field::date, HttpDate());
  if (!response.content_type.empty())
    response_.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) response_.insert(name, value);
  response_.body() = std::move(response.body);
  response_.keep_alive(keep_alive_ && !server_.shutting_down());
  response_.prepare_payload();
  stream_.expires_after(absl::ToChronoMilliseconds(server_.options().read_timeout));
  http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, size_t) {
    self->OnWrite(ec);
  });
}

void Connection::OnWrite(beast::error_code ec) {
  if (ec) return Close();
  if (!response_.keep_alive()) return Linger();
  Read();
}

// Half-closes and discards what the client still sends, so closing with
// unread bytes does not reset the connection before it reads our answer.
void Connection::Linger() {
  state_ = State::kLingering;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  // Set once for the whole phase (the stream's deadline covers every later
  // read): re-arming it per read would let a client trickling bytes keep a
  // closing connection open forever.
  stream_.expires_after(kLingerTime);
  Discard();
}

void Connection::Discard() {
  static char discard[4096];  // Contents never read; one io thread.
  stream_.async_read_some(asio::buffer(discard),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec) return self->Close();  // Peer done, deadline, or shutdown.
                            self->Discard();
                          });
}

void Connection::Close() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  stream_.close();
  server_.Closed(this);
}

}  // namespace

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
      LogWarning("accept failed: %s", ec.message());
      retry_timer_.expires_after(std::chrono::milliseconds(100));
      retry_timer_.async_wait([this](beast::error_code) { Accept(); });
      return;
    }
    auto connection = std::make_shared<Connection>(std::move(socket), *this);
    connections_.emplace(connection.get(), connection);
    connection->Read();
    Accept();
  });
}

void HttpServer::Impl::Closed(Connection* connection) {
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
