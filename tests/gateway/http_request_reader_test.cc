// HttpRequestReader apart from any socket: what it keeps once a request is
// handed to the routes (a long poll then waits tens of seconds).
#include "gateway/http_request_reader.h"

#include <string>
#include <variant>

#include "gtest/gtest.h"

namespace tgauth::gateway {
namespace {

namespace beast = boost::beast;

constexpr char kPoll[] =
    "GET /v1/logins/abc?wait=25 HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer t\r\n\r\n";

// Reads one request without a body from what `reader`'s buffer holds.
std::variant<HttpRequest, Refusal> ReadOne(HttpRequestReader& reader) {
  HttpRequestReader::Parser& parser = reader.Begin();
  beast::error_code ec;
  const size_t used = parser.put(reader.buffer().data(), ec);
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_TRUE(parser.is_done());
  reader.buffer().consume(used);
  EXPECT_FALSE(reader.OnHeader(used).has_value());
  return reader.TakeRequest("192.0.2.1");
}

void Receive(HttpRequestReader& reader, const std::string& bytes) {
  beast::flat_buffer& buffer = reader.buffer();
  buffer.commit(boost::asio::buffer_copy(buffer.prepare(bytes.size()), boost::asio::buffer(bytes)));
}

TEST(HttpRequestReaderTest, TakenRequestLeavesNoBufferBehind) {
  HttpRequestReader reader(16 * 1024, 64 * 1024);
  Receive(reader, kPoll);
  std::variant<HttpRequest, Refusal> request = ReadOne(reader);
  ASSERT_TRUE(std::holds_alternative<HttpRequest>(request));
  EXPECT_EQ(std::get<HttpRequest>(request).headers.at("authorization"), "Bearer t");
  EXPECT_EQ(reader.buffer().capacity(), 0u);
}

TEST(HttpRequestReaderTest, PipelinedRequestStaysInTheBuffer) {
  HttpRequestReader reader(16 * 1024, 64 * 1024);
  Receive(reader, std::string(kPoll) + kPoll);
  ASSERT_TRUE(std::holds_alternative<HttpRequest>(ReadOne(reader)));
  EXPECT_EQ(reader.buffer().size(), std::string(kPoll).size());
  std::variant<HttpRequest, Refusal> second = ReadOne(reader);
  ASSERT_TRUE(std::holds_alternative<HttpRequest>(second));
  EXPECT_EQ(std::get<HttpRequest>(second).path, "/v1/logins/abc");
}

}  // namespace
}  // namespace tgauth::gateway
