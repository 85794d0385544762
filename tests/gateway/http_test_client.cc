#include "tests/gateway/http_test_client.h"

// Boost 1.74's Asio needs std::exchange declared first (GCC 12).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

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

constexpr int kWaitMs = 5000;

TestResponse FromMessage(const http::response<http::string_body>& message) {
  TestResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    std::string name(field.name_string().data(), field.name_string().size());
    std::string& value = response.headers[absl::AsciiStrToLower(name)];
    // A repeated field reads as one list (RFC 9110, section 5.3), so a
    // header sent twice shows in the tests as browsers see it.
    absl::StrAppend(&value, value.empty() ? "" : ", ",
                    absl::string_view(field.value().data(), field.value().size()));
  }
  response.body = message.body();
  return response;
}

// Reads one response; status 0 if the server closed first.
TestResponse Read(tcp::socket& socket, beast::flat_buffer& buffer) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  beast::error_code ec;
  http::read(socket, buffer, parser, ec);
  return ec ? TestResponse() : FromMessage(parser.get());
}

enum class Received { kData, kClosed, kNothing };

// Appends what `fd` receives within kWaitMs to `out`. kClosed at EOF or a
// reset.
Received ReceiveSome(int fd, std::string& out) {
  pollfd readable{.fd = fd, .events = POLLIN, .revents = 0};
  if (poll(&readable, 1, kWaitMs) <= 0) return Received::kNothing;
  char chunk[4096];
  const ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
  if (n <= 0) return Received::kClosed;
  out.append(chunk, static_cast<size_t>(n));
  return Received::kData;
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
    for (const auto& [name, value] : request.headers) message.insert(name, value);
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

RawConnection::RawConnection(int port, const std::string& local_address) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{.sin_family = AF_INET, .sin_port = 0, .sin_addr = {}, .sin_zero = {}};
  inet_pton(AF_INET, local_address.c_str(), &local.sin_addr);
  sockaddr_in server{.sin_family = AF_INET,
                     .sin_port = htons(static_cast<uint16_t>(port)),
                     .sin_addr = {},
                     .sin_zero = {}};
  inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0 ||
      connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof(server)) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::Write(const std::string& bytes) {
  size_t sent = 0;
  while (fd_ >= 0 && sent < bytes.size()) {
    const ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return fd_ >= 0;
}

TestResponse RawConnection::Read() {
  http::response_parser<http::string_body> parser;
  parser.eager(true);
  while (fd_ >= 0) {
    beast::error_code ec;
    const size_t used = unread_.empty() ? 0 : parser.put(asio::buffer(unread_), ec);
    unread_.erase(0, used);
    if (parser.is_done()) return FromMessage(parser.get());
    if (ec && ec != http::error::need_more) return {};
    if (ReceiveSome(fd_, unread_) != Received::kData) return {};
  }
  return {};
}

bool RawConnection::ClosedByServer() {
  if (fd_ < 0) return true;
  std::string dropped;
  Received received;
  while ((received = ReceiveSome(fd_, dropped)) == Received::kData) dropped.clear();
  return received == Received::kClosed;
}

}  // namespace tgauth::gateway
