#include "gateway/http_connection.h"

#include <chrono>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
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

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == beast::http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

// RFC 9110 section 5.6.7 IMF-fixdate, for the Date header.
std::string HttpDate() {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", WallClock().Now(), absl::UTCTimeZone());
}

}  // namespace

// Waits for the first byte of the next request for up to idle_timeout; its
// header then has header_timeout.
void HttpConnection::AwaitNextRequest() {
  state_ = State::kReading;
  if (buffer_.size() > 0) return ReadHeader();  // Pipelined: already here.
  stream_.expires_after(absl::ToChronoMilliseconds(server_.options().idle_timeout));
  stream_.async_read_some(buffer_.prepare(kBufferSlack),
                          [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                            if (ec) return self->Close();  // Idle too long, peer gone, shutdown.
                            self->buffer_.commit(bytes);
                            self->ReadHeader();
                          });
}

void HttpConnection::ReadHeader() {
  state_ = State::kReading;
  request_id_.clear();
  method_.clear();
  started_ = WallClock().Now();
  parser_.emplace();
  parser_->body_limit(server_.options().max_body_bytes);
  parser_->header_limit(static_cast<uint32_t>(server_.options().max_header_bytes));
  on_chunk_header_ = [this](uint64_t, beast::string_view extensions, beast::error_code& ec) {
    header_bytes_ += extensions.size();
    if (header_bytes_ > server_.options().max_header_bytes) ec = http::error::header_limit;
  };
  parser_->on_chunk_header(on_chunk_header_);
  // Set once for the whole header: re-arming it per read would let a client
  // trickling bytes hold the connection forever.
  stream_.expires_after(absl::ToChronoMilliseconds(server_.options().header_timeout));
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                            self->OnHeader(ec, bytes);
                          });
}

void HttpConnection::OnHeader(beast::error_code ec, size_t header_bytes) {
  if (ec) return OnReadError(ec);
  header_bytes_ = header_bytes;
  const http::request<http::string_body>& message = parser_->get();
  started_ = WallClock().Now();
  TakeRequestId();
  header_fields_ = static_cast<size_t>(std::distance(message.begin(), message.end()));
  if (auto coding = message.find(http::field::transfer_encoding);
      coding != message.end() &&
      !absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(absl::string_view(coding->value().data(),
                                                                           coding->value().size())),
                              "chunked")) {
    return Refuse(501, grpc::StatusCode::UNIMPLEMENTED,
                  "Transfer-Encoding other than chunked is not supported");
  }
  if (parser_->is_done()) return Dispatch();
  // The parser already refused a Content-Length over body_limit (413).
  const size_t body_bytes = parser_->chunked() ? server_.options().max_body_bytes
                                               : static_cast<size_t>(*parser_->content_length());
  body_reservation_ = server_.body_budget().TryReserve(client_ip_, body_bytes);
  if (!body_reservation_) {
    return Refuse(503, grpc::StatusCode::UNAVAILABLE,
                  "too many request bodies in progress; retry shortly");
  }
  ReadBody();
}

void HttpConnection::ReadBody() {
  stream_.expires_after(absl::ToChronoMilliseconds(server_.options().body_timeout));
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
}

void HttpConnection::OnBody(beast::error_code ec) {
  body_reservation_.reset();  // Complete (or failed): the handler's to keep, or freed.
  if (ec) return OnReadError(ec);
  if (!ChunkedExtrasFit()) ec = http::error::header_limit;
  if (ec) return OnReadError(ec);
  Dispatch();
}

// Whether the header, chunk extensions and trailer fields together stay
// within max_header_bytes (each field as "name: value\r\n").
bool HttpConnection::ChunkedExtrasFit() const {
  const http::request<http::string_body>& message = parser_->get();
  size_t bytes = header_bytes_;
  auto field = message.begin();
  std::advance(field, header_fields_);
  for (; field != message.end(); ++field) {
    bytes += field->name_string().size() + field->value().size() + 4;
  }
  return bytes <= server_.options().max_header_bytes;
}

void HttpConnection::OnReadError(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    return Refuse(
        413, grpc::StatusCode::RESOURCE_EXHAUSTED,
        absl::StrCat("request body larger than ", server_.options().max_body_bytes, " bytes"));
  }
  // A full buffer is a chunk line or trailer section longer than the header limit.
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return Refuse(431, grpc::StatusCode::RESOURCE_EXHAUSTED,
                  absl::StrCat("request line and header fields larger than ",
                               server_.options().max_header_bytes, " bytes"));
  }
  if (IsParseError(ec)) {
    return Refuse(400, grpc::StatusCode::INVALID_ARGUMENT, "malformed HTTP request");
  }
  Close();  // Peer closed, timed out, or shutdown.
}

void HttpConnection::Dispatch() {
  http::request<http::string_body>& message = parser_->get();
  HttpRequest request;
  if (!ParseRequestTarget(absl::string_view(message.target().data(), message.target().size()),
                          &request)) {
    return Refuse(400, grpc::StatusCode::INVALID_ARGUMENT, "malformed request target");
  }
  request.method = method_;
  request.request_id = request_id_;
  // Header fields only: trailer fields must not pass for headers (RFC 9110
  // section 6.5.1).
  auto field = message.begin();
  for (size_t i = 0; i < header_fields_; ++i, ++field) {
    std::string& value = request.headers[absl::AsciiStrToLower(
        absl::string_view(field->name_string().data(), field->name_string().size()))];
    if (!value.empty()) value += ", ";
    value.append(field->value().data(), field->value().size());
  }
  request.body = std::move(message.body());
  request.client_ip = client_ip_;
  keep_alive_ = message.keep_alive();
  state_ = State::kHandling;
  stream_.expires_never();  // A long poll legitimately takes wait + 5 s.
  server_.handler()(std::move(request), MakeRespond());
}

// The method and request id of the request whose header fields the parser
// holds (all of them, or those before a refused one).
void HttpConnection::TakeRequestId() {
  const http::request<http::string_body>& message = parser_->get();
  method_ = std::string(message.method_string());
  // The first X-Request-Id field if several came; a new id when it is invalid.
  const beast::string_view incoming = message[kRequestIdHeader];
  request_id_ = RequestIdOrNew(absl::string_view(incoming.data(), incoming.size()));
}

// Answers a request we will not serve, then closes: the rest of its bytes
// cannot be trusted to frame the next request.
void HttpConnection::Refuse(int http_status, grpc::StatusCode code, absl::string_view message) {
  body_reservation_.reset();
  if (request_id_.empty()) TakeRequestId();
  HttpResponse response = ErrorResponse(code, message);
  response.status = http_status;
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
