#include "gateway/http_connection.h"

#include <chrono>
#include <variant>

#include "absl/time/time.h"
#include "common/real_clock.h"
#include "common/request_id.h"
#include "gateway/http_access_log.h"
#include "gateway/json_response.h"

namespace tgauth::gateway {
namespace {

constexpr char kRequestIdHeader[] = "X-Request-Id";

// How long a closing connection may take to send us the rest of a request
// we refused, so the kernel does not reset it before our answer arrives.
constexpr std::chrono::seconds kLingerTime(2);

// RFC 9110 section 5.6.7 IMF-fixdate, for the Date header.
std::string HttpDate() {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", WallClock().Now(), absl::UTCTimeZone());
}

}  // namespace

// Waits for the first byte of the next request for up to idle_timeout; its
// header then has header_timeout.
void HttpConnection::AwaitNextRequest() {
  state_ = State::kReading;
  if (reader_.buffer().size() > 0) return ReadHeader();  // Pipelined: already here.
  stream_.expires_after(absl::ToChronoMilliseconds(server_.options().idle_timeout));
  stream_.async_read_some(reader_.buffer().prepare(HttpRequestReader::kBufferSlack),
                          [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                            if (ec) return self->Close();  // Idle too long, peer gone, shutdown.
                            self->reader_.buffer().commit(bytes);
                            self->ReadHeader();
                          });
}

void HttpConnection::ReadHeader() {
  state_ = State::kReading;
  request_id_.clear();
  method_.clear();
  started_ = WallClock().Now();
  HttpRequestReader::Parser& parser = reader_.Begin();
  // Set once for the whole header: re-arming it per read would let a client
  // trickling bytes hold the connection forever.
  stream_.expires_after(absl::ToChronoMilliseconds(server_.options().header_timeout));
  http::async_read_header(stream_, reader_.buffer(), parser,
                          [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                            self->OnHeader(ec, bytes);
                          });
}

void HttpConnection::OnHeader(beast::error_code ec, size_t header_bytes) {
  if (ec) return OnReadError(ec);
  started_ = WallClock().Now();
  TakeRequestId();
  if (std::optional<Refusal> refusal = reader_.OnHeader(header_bytes)) {
    return Refuse(*std::move(refusal));
  }
  if (reader_.parser().is_done()) return Dispatch();
  body_reservation_ = server_.body_budget().TryReserve(client_ip_, reader_.BodyBytes());
  if (!body_reservation_) {
    return Refuse({503, grpc::StatusCode::UNAVAILABLE,
                   "too many request bodies in progress; retry shortly"});
  }
  ReadBody();
}

void HttpConnection::ReadBody() {
  stream_.expires_after(absl::ToChronoMilliseconds(server_.options().body_timeout));
  http::async_read(stream_, reader_.buffer(), reader_.parser(),
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
}

void HttpConnection::OnBody(beast::error_code ec) {
  body_reservation_.reset();  // Complete (or failed): the handler's to keep, or freed.
  if (ec) return OnReadError(ec);
  if (std::optional<Refusal> refusal = reader_.OnBody()) return Refuse(*std::move(refusal));
  Dispatch();
}

void HttpConnection::OnReadError(beast::error_code ec) {
  if (std::optional<Refusal> refusal = reader_.RefusalFor(ec)) return Refuse(*std::move(refusal));
  Close();  // Peer closed, timed out, or shutdown.
}

void HttpConnection::Dispatch() {
  keep_alive_ = reader_.parser().get().keep_alive();
  std::variant<HttpRequest, Refusal> request = reader_.TakeRequest(client_ip_);
  if (Refusal* refusal = std::get_if<Refusal>(&request)) return Refuse(std::move(*refusal));
  std::get<HttpRequest>(request).request_id = request_id_;
  state_ = State::kHandling;
  stream_.expires_never();  // A long poll legitimately takes wait + 5 s.
  server_.handler()(std::get<HttpRequest>(std::move(request)), MakeRespond());
}

// The method and request id of the request whose header fields the parser
// holds (all of them, or those before a refused one).
void HttpConnection::TakeRequestId() {
  const http::request<http::string_body>& message = reader_.parser().get();
  method_ = std::string(message.method_string());
  // The first X-Request-Id field if several came; a new id when it is invalid.
  const beast::string_view incoming = message[kRequestIdHeader];
  request_id_ = RequestIdOrNew(absl::string_view(incoming.data(), incoming.size()));
}

// Answers a request we will not serve, then closes: the rest of its bytes
// cannot be trusted to frame the next request.
void HttpConnection::Refuse(Refusal refusal) {
  body_reservation_.reset();
  if (request_id_.empty()) TakeRequestId();
  HttpResponse response = ErrorResponse(refusal.code, refusal.message);
  response.status = refusal.http_status;
  keep_alive_ = false;
  state_ = State::kHandling;
  Write(std::move(response));
}
Respond HttpConnection::MakeRespond() {
  // Weak: the server owns connections; a late answer for a closed one is dropped.
  return [weak = weak_from_this(), poster = server_.poster()](HttpResponse response) {
    poster->Post([weak, response = std::move(response)]() mutable {
      if (auto self = weak.lock()) self->Write(std::move(response));
    });
  };
}

void HttpConnection::Write(HttpResponse response) {
  if (state_ != State::kHandling) return;  // Closed meanwhile, or answered twice.
  state_ = State::kWriting;
  LogHttpAccess({.method = method_,
                 .route = response.route,
                 .status = response.status,
                 .duration = WallClock().Now() - started_,
                 .request_id = request_id_,
                 .bytes = response.body.size()});
  response_ = {};
  response_.version(11);
  response_.result(static_cast<unsigned>(response.status));
  response_.set(http::field::date, HttpDate());
  if (!response.content_type.empty())
    response_.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) response_.insert(name, value);
  response_.set(kRequestIdHeader, request_id_);
  response_.body() = std::move(response.body);
  response_.keep_alive(keep_alive_ && !server_.shutting_down());
  response_.prepare_payload();
  stream_.expires_after(absl::ToChronoMilliseconds(server_.options().idle_timeout));
  http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, size_t) {
    self->OnWrite(ec);
  });
}

void HttpConnection::OnWrite(beast::error_code ec) {
  if (ec) return Close();
  if (!response_.keep_alive()) return Linger();
  AwaitNextRequest();
}

// Half-closes and discards what the client still sends, so closing with
// unread bytes does not reset the connection before it reads our answer.
void HttpConnection::Linger() {
  state_ = State::kLingering;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  // Set once for the whole phase (the stream's deadline covers every later
  // read): re-arming it per read would let a client trickling bytes keep a
  // closing connection open forever.
  stream_.expires_after(kLingerTime);
  Discard();
}

void HttpConnection::Discard() {
  static char discard[4096];  // Contents never read; one io thread.
  stream_.async_read_some(asio::buffer(discard),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec) return self->Close();  // Peer done, deadline, or shutdown.
                            self->Discard();
                          });
}

void HttpConnection::Close() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  body_reservation_.reset();
  stream_.close();
  server_.Closed(this);
}

}  // namespace tgauth::gateway
