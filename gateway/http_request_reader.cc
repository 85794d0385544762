#include "gateway/http_request_reader.h"

#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace tgauth::gateway {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

absl::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

}  // namespace

HttpRequestReader::HttpRequestReader(size_t max_header_bytes, size_t max_body_bytes)
    : max_header_bytes_(max_header_bytes),
      max_body_bytes_(max_body_bytes),
      buffer_(max_header_bytes + kBufferSlack) {
  on_chunk_header_ = [this](uint64_t, beast::string_view extensions, beast::error_code& ec) {
    header_bytes_ += extensions.size();
    if (header_bytes_ > max_header_bytes_) ec = http::error::header_limit;
  };
}

HttpRequestReader::Parser& HttpRequestReader::Begin() {
  parser_.emplace();
  parser_->body_limit(max_body_bytes_);
  parser_->header_limit(static_cast<uint32_t>(max_header_bytes_));
  parser_->on_chunk_header(on_chunk_header_);
  header_bytes_ = 0;
  header_fields_ = 0;
  return *parser_;
}

std::optional<Refusal> HttpRequestReader::OnHeader(size_t header_bytes) {
  header_bytes_ = header_bytes;
  const http::request<http::string_body>& message = parser_->get();
  header_fields_ = static_cast<size_t>(std::distance(message.begin(), message.end()));
  if (auto coding = message.find(http::field::transfer_encoding);
      coding != message.end() &&
      !absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(View(coding->value())), "chunked")) {
    return Refusal{501, grpc::StatusCode::UNIMPLEMENTED,
                   "Transfer-Encoding other than chunked is not supported"};
  }
  return std::nullopt;
}

size_t HttpRequestReader::BodyBytes() const {
  // The parser already refused a Content-Length over body_limit (413).
  return parser_->chunked() ? max_body_bytes_ : static_cast<size_t>(*parser_->content_length());
}

// Each trailer field counts as "name: value\r\n".
std::optional<Refusal> HttpRequestReader::OnBody() const {
  const http::request<http::string_body>& message = parser_->get();
  size_t bytes = header_bytes_;
  auto field = message.begin();
  std::advance(field, header_fields_);
  for (; field != message.end(); ++field) {
    bytes += field->name_string().size() + field->value().size() + 4;
  }
  if (bytes <= max_header_bytes_) return std::nullopt;
  return RefusalFor(http::error::header_limit);
}

std::optional<Refusal> HttpRequestReader::RefusalFor(beast::error_code ec) const {
  if (ec == http::error::body_limit) {
    return Refusal{413, grpc::StatusCode::RESOURCE_EXHAUSTED,
                   absl::StrCat("request body larger than ", max_body_bytes_, " bytes")};
  }
  // A full buffer is a chunk line or trailer section longer than the header limit.
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return Refusal{
        431, grpc::StatusCode::RESOURCE_EXHAUSTED,
        absl::StrCat("request line and header fields larger than ", max_header_bytes_, " bytes")};
  }
  if (IsParseError(ec)) {
    return Refusal{400, grpc::StatusCode::INVALID_ARGUMENT, "malformed HTTP request"};
  }
  return std::nullopt;
}

// A long poll waits tens of seconds with its request taken: it need keep
// neither the header fields nor an empty buffer meanwhile.
void HttpRequestReader::Release() {
  parser_.reset();
  if (buffer_.size() == 0) buffer_.shrink_to_fit();
}

std::variant<HttpRequest, Refusal> HttpRequestReader::TakeRequest(std::string client_ip) {
  http::request<http::string_body>& message = parser_->get();
  HttpRequest request;
  if (!ParseRequestTarget(View(message.target()), &request)) {
    return Refusal{400, grpc::StatusCode::INVALID_ARGUMENT, "malformed request target"};
  }
  request.method = std::string(View(message.method_string()));
  // Header fields only: trailer fields must not pass for headers (RFC 9110
  // section 6.5.1).
  auto field = message.begin();
  for (size_t i = 0; i < header_fields_; ++i, ++field) {
    std::string& value = request.headers[absl::AsciiStrToLower(View(field->name_string()))];
    if (!value.empty()) value += ", ";
    value.append(field->value().data(), field->value().size());
  }
  request.body = std::move(message.body());
  request.client_ip = std::move(client_ip);
  Release();
  return request;
}

}  // namespace tgauth::gateway
