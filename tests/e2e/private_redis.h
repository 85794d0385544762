// A Redis of the test's own, so a test can stop and restart it. It requires
// a password, so every reconnection must log in again.
#ifndef TGAUTH_TESTS_E2E_PRIVATE_REDIS_H_
#define TGAUTH_TESTS_E2E_PRIVATE_REDIS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "tests/e2e/child_process.h"

namespace tgauth::e2e {

class PrivateRedis {
 public:
  explicit PrivateRedis(int port);

  // Starts redis-server; returns once it answers (at most 10 s).
  absl::Status Start();
  void Kill();  // SIGKILL, like a crash.
  std::string url() const;

 private:
  int port_;
  std::string password_;  // A throwaway: NewToken's alphabet needs no percent-encoding.
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace tgauth::e2e

#endif  // TGAUTH_TESTS_E2E_PRIVATE_REDIS_H_
