// A loopback TCP proxy in front of the test Redis that can lose one reply:
// it forwards a request to Redis, lets Redis run it, then closes the
// client's connection instead of relaying the answer. That is the failure
// after which a client cannot know whether its command ran.
#ifndef TGAUTH_TESTS_STORAGE_REDIS_DROPPING_PROXY_H_
#define TGAUTH_TESTS_STORAGE_REDIS_DROPPING_PROXY_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

class DroppingProxy {
 public:
  // Listens on a loopback port in front of the loopback Redis at
  // `upstream_url` (see ParseRedisUrl). Null after adding a test failure.
  static std::unique_ptr<DroppingProxy> Start(const std::string& upstream_url);
  // Closes every connection and joins the threads.
  ~DroppingProxy();

  // The upstream URL with the proxy's address: the same credentials and db.
  std::string url() const;

  // A client with one connection, through this proxy (so every command
  // takes the same connection). Null after adding a test failure.
  std::unique_ptr<RedisClient> ConnectClient() const;

  // The next request containing `word` (e.g. "EVALSHA") reaches Redis, and
  // the connection that sent it is closed as soon as Redis answers.
  void DropReplyTo(absl::string_view word);

  // The next request containing `word` never reaches Redis: the connection
  // that sent it is closed instead, as when Redis dies before reading it.
  void DropRequest(absl::string_view word);

  // How many requests so far contained `word` (case-sensitive).
  int RequestsContaining(absl::string_view word);

 private:
  DroppingProxy(int listen_fd, RedisEndpoint upstream, std::string url);
  void Accept();
  void Relay(int client_fd);

  const int listen_fd_;
  const RedisEndpoint upstream_;
  const std::string url_;
  std::atomic<bool> stopping_{false};
  absl::Mutex mu_;
  std::string drop_word_ ABSL_GUARDED_BY(mu_);
  std::string drop_request_word_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> requests_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
  std::thread acceptor_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_TESTS_STORAGE_REDIS_DROPPING_PROXY_H_
