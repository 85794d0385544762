// A child process for end-to-end tests: killed with the test process, and
// stopped with SIGTERM (then SIGKILL) when the object goes away.
#ifndef TGAUTH_TESTS_E2E_CHILD_PROCESS_H_
#define TGAUTH_TESTS_E2E_CHILD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tgauth::e2e {

class ChildProcess {
 public:
  // Runs `argv[0]` (a path, or a name looked up in PATH) with `argv`.
  // stdout is inherited, so ctest shows it when a test fails; stderr too,
  // or it is appended to `stderr_file` (made with mode 0600) when that is
  // not empty.
  static absl::StatusOr<ChildProcess> Start(const std::vector<std::string>& argv,
                                            const std::string& stderr_file = "");

  ChildProcess(ChildProcess&& other) noexcept
      : pid_(other.pid_), exit_description_(std::move(other.exit_description_)) {
    other.pid_ = -1;
  }
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ~ChildProcess() { Stop(); }

  // True while the process has not exited.
  bool Running();
  // How the process ended, once Running() has returned false: "exit code
  // 1", "signal 11 (Segmentation fault)", or "" while it runs.
  const std::string& exit_description() const { return exit_description_; }
  // SIGTERM, then SIGKILL after 5 s; waits for the exit. Returns the exit
  // status as waitpid reports it, or -1 if there was no process.
  int Stop();
  // Sends `signal` (e.g. SIGTERM) and returns without waiting.
  void Signal(int signal);
  // SIGSTOP, then waits until every thread of the process is stopped
  // (state 't' or 'T' in /proc/<pid>/task/*/stat): kill() only queues the
  // stop, and on a busy machine a thread may still answer a request
  // before it takes effect. False if that did not happen within `timeout`.
  bool Freeze(absl::Duration timeout = absl::Seconds(5));
  // SIGKILL at once, like a crash; waits for the exit.
  void Kill();
  // Waits for the process to exit by itself; its exit code, or -1.
  int Wait();
  // The process id (for /proc/<pid>), or -1 once it has exited.
  pid_t pid() const { return pid_; }

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_;
  std::string exit_description_;
};

// Runs `argv` to completion; INTERNAL unless it exits with code 0.
absl::Status RunCommand(const std::vector<std::string>& argv);

}  // namespace tgauth::e2e

#endif  // TGAUTH_TESTS_E2E_CHILD_PROCESS_H_
