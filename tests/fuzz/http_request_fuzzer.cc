// The gateway's HTTP/1.1 request reader (gateway/http_request_reader.h) on
// bytes in memory, driven the way HttpConnection drives it on a socket:
// read the header, check it, read the body, check the trailers, take the
// request, and go on with the next pipelined request while keep-alive
// holds.
//
// Input: one byte giving how many bytes each read hands over (1 + its
// value, so every split a peer's TCP segments could make is reachable),
// then the bytes the client sends.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "gateway/http_request_reader.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tgauth::fuzz::Require;
using tgauth::gateway::HttpRequest;
using tgauth::gateway::HttpRequestReader;
using tgauth::gateway::Refusal;

// Small limits, so inputs of a few kilobytes reach them.
constexpr size_t kMaxHeaderBytes = 1024;
constexpr size_t kMaxBodyBytes = 4096;
constexpr int kMaxPipelinedRequests = 8;

// A SyncReadStream over the input that hands over at most `segment` bytes
// per read, then end of file.
class SegmentedBytes {
 public:
  SegmentedBytes(const uint8_t* data, size_t size, size_t segment)
      : data_(data), left_(size), segment_(segment) {}

  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers, beast::error_code& ec) {
    ec = {};
    if (left_ == 0) {
      ec = boost::asio::error::eof;
      return 0;
    }
    size_t room = std::min(left_, segment_);
    size_t copied = boost::asio::buffer_copy(buffers, boost::asio::buffer(data_, room));
    data_ += copied;
    left_ -= copied;
    return copied;
  }

  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers) {
    beast::error_code ec;
    size_t n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

 private:
  const uint8_t* data_;
  size_t left_;
  const size_t segment_;
};

void CheckRefusal(const Refusal& refusal) {
  Require(refusal.http_status == 400 || refusal.http_status == 413 ||
              refusal.http_status == 431 || refusal.http_status == 501,
          "a refusal is 400, 413, 431 or 501");
  Require(!refusal.message.empty(), "a refusal says why");
}

void CheckRequest(const HttpRequest& request) {
  Require(absl::StartsWith(request.path, "/"), "a request path starts with '/'");
  Require(!absl::StrContains(request.path, '?'), "the query is not part of the path");
  Require(!request.method.empty(), "a request has a method");
  Require(request.body.size() <= kMaxBodyBytes, "a body is at most max_body_bytes");
  for (const auto& [name, value] : request.headers) {
    Require(name == absl::AsciiStrToLower(name), "header names are lower-cased");
  }
}

// Reads requests off `peer` until one is refused, the peer is done, or
// keep-alive ends.
void ReadRequests(SegmentedBytes& peer) {
  HttpRequestReader reader(kMaxHeaderBytes, kMaxBodyBytes);
  for (int i = 0; i < kMaxPipelinedRequests; ++i) {
    HttpRequestReader::Parser& parser = reader.Begin();
    beast::error_code ec;
    const size_t header_bytes = http::read_header(peer, reader.buffer(), parser, ec);
    std::optional<Refusal> refusal = ec ? reader.RefusalFor(ec) : reader.OnHeader(header_bytes);
    if (!ec && !refusal && !parser.is_done()) {
      Require(reader.BodyBytes() <= kMaxBodyBytes, "a body reserves at most max_body_bytes");
      http::read(peer, reader.buffer(), parser, ec);
      refusal = ec ? reader.RefusalFor(ec) : reader.OnBody();
    }
    if (refusal) CheckRefusal(*refusal);
    if (ec || refusal) return;
    const bool keep_alive = parser.get().keep_alive();
    std::variant<HttpRequest, Refusal> request = reader.TakeRequest("192.0.2.1");
    if (const Refusal* refused = std::get_if<Refusal>(&request)) return CheckRefusal(*refused);
    CheckRequest(std::get<HttpRequest>(request));
    if (!keep_alive) return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  SegmentedBytes peer(data + 1, size - 1, size_t{data[0]} + 1);
  ReadRequests(peer);
  return 0;
}
