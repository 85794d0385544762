// A Redis of the test's own, so a test can stop and restart it. It requires
// a password, so every reconnection must log in again. Configured as
// scripts/start-services runs Redis: an append-only file fsynced every
// second (in a private folder), so a restart keeps what was acknowledged.
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
  ~PrivateRedis();  // Stops the server and deletes its folder.

  // Starts redis-server; returns once it answers (at most 10 s).
  absl::Status Start();
  void Kill();  // SIGKILL, like a crash.
  std::string url() const;
  // The redis-server process (e.g. for SIGSTOP); null while it is not running.
  ChildProcess* process() { return process_.get(); }

 private:
  int port_;
  std::string dir_;
  std::string password_;  // A throwaway: NewToken's alphabet needs no percent-encoding.
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace tgauth::e2e

#endif  // TGAUTH_TESTS_E2E_PRIVATE_REDIS_H_
