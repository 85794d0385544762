// A PostgreSQL cluster of the test's own (initdb into a temporary folder), so
// a test can stop it like a crash and start it again. Runs the server as
// the postgres user when the test runs as root (initdb refuses root).
#ifndef TGAUTH_TESTS_E2E_PRIVATE_POSTGRES_H_
#define TGAUTH_TESTS_E2E_PRIVATE_POSTGRES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tgauth::e2e {

class PrivatePostgres {
 public:
  // Creates the cluster (not yet running) on a free loopback port.
  static absl::StatusOr<std::unique_ptr<PrivatePostgres>> Create();
  ~PrivatePostgres();  // Stops the server and deletes the folder.

  absl::Status Start();  // Returns once it accepts connections.
  absl::Status Crash();  // Immediate shutdown: no checkpoint, like a crash.
  // Sends `signal` to the postmaster and every process it started (each
  // connection's backend): SIGSTOP freezes the whole server as a stalled
  // machine would, SIGCONT resumes it.
  absl::Status SignalAll(int signal);
  std::string url() const;

 private:
  PrivatePostgres(std::string dir, int port) : dir_(std::move(dir)), port_(port) {}
  absl::Status PgCtl(const std::vector<std::string>& args);

  std::string dir_;
  int port_;
};

}  // namespace tgauth::e2e

#endif  // TGAUTH_TESTS_E2E_PRIVATE_POSTGRES_H_
