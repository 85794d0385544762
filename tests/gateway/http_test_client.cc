#include "tests/gateway/http_test_client.h"

// Boost 1.74's Asio needs std::exchange declared first (GCC 12).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "absl/strings/ascii.h"

namespace tgauth::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

tcp::socket Connect(asio::io_context& io, int port) {
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)));
  return socket;
}

// Reads one response; status 0 if the server closed first.
TestResponse Read(tcp::socket& socket, beast::flat_buffer& buffer) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  beast::error_code ec;
  http::read(socket, buffer, parser, ec);
  TestResponse response;
  if (ec) return response;
  const auto& message = parser.get();
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    std::string name(field.name_string().data(), field.name_string().size());
    response.headers[absl::AsciiStrToLower(name)] =
        std::string(field.value().data(), field.value().size());
  }
  response.body = message.body();
  return response;
}

}  // namespace

std::string TestResponse::Header(const std::string& lower_case_name) const {
  auto it = headers.find(lower_case_name);
  return it == headers.end() ? "" : it->second;
}

std::vector<TestResponse> SendOnOneConnection(int port, const std::vector<TestRequest>& requests) {
  asio::io_context io;
  tcp::socket socket = Connect(io, port);
  beast::flat_buffer buffer;
  std::vector<TestResponse> responses;
  for (const TestRequest& request : requests) {
    http::request<http::string_body> message(http::string_to_verb(request.method), request.target,
                                             11);
    if (message.method() == http::verb::unknown) message.method_string(request.method);
    message.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : request.headers) message.set(name, value);
    message.body() = request.body;
    message.prepare_payload();
    beast::error_code ec;
    http::write(socket, message, ec);
    if (ec) break;
    TestResponse response = Read(socket, buffer);
    if (response.status == 0) break;
    responses.push_back(std::move(response));
  }
  return responses;
}

TestResponse Send(int port, const TestRequest& request) {
  std::vector<TestResponse> responses = SendOnOneConnection(port, {request});
  return responses.empty() ? TestResponse() : responses.front();
}

TestResponse SendRaw(int port, const std::string& bytes) {
  asio::io_context io;
  tcp::socket socket = Connect(io, port);
  asio::write(socket, asio::buffer(bytes));
  beast::flat_buffer buffer;
  return Read(socket, buffer);
}

}  // namespace tgauth::gateway
