#include "tests/storage/redis/dropping_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace tgauth::storage {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  return addr;
}

bool WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(n);
  }
  return true;
}

}  // namespace

std::unique_ptr<DroppingProxy> DroppingProxy::Start(const std::string& upstream_url) {
  absl::StatusOr<RedisEndpoint> upstream = ParseRedisUrl(upstream_url);
  if (!upstream.ok()) {
    ADD_FAILURE() << upstream.status();
    return nullptr;
  }
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(fd, 16) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ADD_FAILURE() << "cannot listen on loopback";
    if (fd >= 0) close(fd);
    return nullptr;
  }
  // redis://[userinfo@]host:port[/db]: swap host:port for the proxy's.
  const size_t at = upstream_url.rfind('@');
  const size_t authority = at != std::string::npos ? at + 1 : upstream_url.find("//") + 2;
  const size_t path = std::min(upstream_url.find('/', authority), upstream_url.size());
  std::string url = upstream_url;
  url.replace(authority, path - authority, absl::StrCat("127.0.0.1:", ntohs(addr.sin_port)));
  return std::unique_ptr<DroppingProxy>(
      new DroppingProxy(fd, *std::move(upstream), std::move(url)));
}

DroppingProxy::DroppingProxy(int listen_fd, RedisEndpoint upstream, std::string url)
    : listen_fd_(listen_fd), upstream_(std::move(upstream)), url_(std::move(url)) {
  acceptor_ = std::thread([this] { Accept(); });
}

DroppingProxy::~DroppingProxy() {
  stopping_ = true;
  shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  close(listen_fd_);
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    threads.swap(threads_);
  }
  for (std::thread& t : threads) t.join();
}

std::string DroppingProxy::url() const { return url_; }

std::unique_ptr<RedisClient> DroppingProxy::ConnectClient() const {
  absl::StatusOr<std::unique_ptr<RedisClient>> redis =
      RedisClient::Connect(url_, 1, absl::Seconds(2));
  if (!redis.ok()) {
    ADD_FAILURE() << redis.status();
    return nullptr;
  }
  return *std::move(redis);
}

void DroppingProxy::DropReplyTo(absl::string_view word) {
  absl::MutexLock lock(&mu_);
  drop_word_ = std::string(word);
}

void DroppingProxy::DropRequest(absl::string_view word) {
  absl::MutexLock lock(&mu_);
  drop_request_word_ = std::string(word);
}

int DroppingProxy::RequestsContaining(absl::string_view word) {
  absl::MutexLock lock(&mu_);
  int count = 0;
  for (const std::string& request : requests_) count += absl::StrContains(request, word);
  return count;
}

void DroppingProxy::Accept() {
  while (!stopping_) {
    const int client = accept(listen_fd_, nullptr, nullptr);
    if (client < 0) return;  // Shut down.
    absl::MutexLock lock(&mu_);
    threads_.emplace_back([this, client] { Relay(client); });
  }
}

// Relays bytes both ways until either side closes or the proxy stops. The
// client speaks one request at a time (hiredis is synchronous), so a read
// from the client is one request.
void DroppingProxy::Relay(int client) {
  const int upstream = socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in addr = Loopback(upstream_.port);
  if (connect(upstream, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    close(upstream);
    close(client);
    return;
  }
  bool drop_next_reply = false;
  char buffer[65536];
  while (!stopping_) {
    pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
    if (poll(fds, 2, /*timeout_ms=*/50) < 0) break;
    if (fds[0].revents != 0) {
      const ssize_t n = recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      const absl::string_view request(buffer, n);
      bool drop_request = false;
      {
        absl::MutexLock lock(&mu_);
        requests_.emplace_back(request);
        if (!drop_word_.empty() && absl::StrContains(request, drop_word_)) {
          drop_word_.clear();
          drop_next_reply = true;
        }
        if (!drop_request_word_.empty() && absl::StrContains(request, drop_request_word_)) {
          drop_request_word_.clear();
          drop_request = true;
        }
      }
      if (drop_request || !WriteAll(upstream, request)) break;
    }
    if (fds[1].revents != 0) {
      const ssize_t n = recv(upstream, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      if (drop_next_reply) break;  // Redis has run the request; lose its answer.
      if (!WriteAll(client, absl::string_view(buffer, n))) break;
    }
  }
  close(upstream);
  close(client);
}

}  // namespace tgauth::storage
