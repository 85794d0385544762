#include "tests/e2e/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace tgauth::e2e {

absl::StatusOr<ChildProcess> ChildProcess::Start(const std::vector<std::string>& argv,
                                                 const std::string& stderr_file) {
  int stderr_fd = -1;
  if (!stderr_file.empty()) {
    stderr_fd = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (stderr_fd < 0) {
      return absl::InternalError(absl::StrCat("open ", stderr_file, ": ", std::strerror(errno)));
    }
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0 && stderr_fd >= 0) close(stderr_fd);
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  if (pid == 0) {
    // Dies with the test, even if the test crashes: an orphan would keep
    // ctest's output pipe open and hang the run.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (stderr_fd >= 0 && dup2(stderr_fd, STDERR_FILENO) < 0) _exit(127);
    execvp(args[0], args.data());
    // Only async-signal-safe calls between fork and exec: a fixed message.
    constexpr char kExecFailed[] = "child_process: execvp failed\n";
    (void)!write(STDERR_FILENO, kExecFailed, sizeof kExecFailed - 1);
    _exit(127);
  }
  return ChildProcess(pid);
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    Stop();
    pid_ = other.pid_;
    exit_description_ = std::move(other.exit_description_);
    other.pid_ = -1;
  }
  return *this;
}

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    exit_description_ = WIFSIGNALED(status) ? absl::StrCat("signal ", WTERMSIG(status), " (",
                                                           strsignal(WTERMSIG(status)), ")")
                                            : absl::StrCat("exit code ", WEXITSTATUS(status));
    return false;
  }
  return true;
}

int ChildProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (absl::Now() > give_up) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    // Waiting for another process to exit: there is no event to wait on.
    absl::SleepFor(absl::Milliseconds(10));
  }
  pid_ = -1;
  return status;
}

void ChildProcess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

namespace {

// Whether every thread of process `pid` is stopped.
bool AllThreadsStopped(pid_t pid) {
  std::error_code error;
  const std::filesystem::path tasks = absl::StrCat("/proc/", pid, "/task");
  bool any = false;
  for (const auto& task : std::filesystem::directory_iterator(tasks, error)) {
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // "tid (comm) S ...": the state follows the last ')', as comm may hold one.
    const size_t paren = line.rfind(')');
    if (paren == std::string::npos || paren + 2 >= line.size()) return false;
    const char state = line[paren + 2];
    if (state != 'T' && state != 't') return false;
    any = true;
  }
  return any && !error;
}

}  // namespace

bool ChildProcess::Freeze(absl::Duration timeout) {
  if (pid_ <= 0) return false;
  kill(pid_, SIGSTOP);
  const absl::Time give_up = absl::Now() + timeout;
  while (!AllThreadsStopped(pid_)) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

void ChildProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ChildProcess::Wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

absl::Status RunCommand(const std::vector<std::string>& argv) {
  absl::StatusOr<ChildProcess> process = ChildProcess::Start(argv);
  if (!process.ok()) return process.status();
  if (const int code = process->Wait(); code != 0) {
    return absl::InternalError(absl::StrCat(argv[0], " exited with ", code));
  }
  return absl::OkStatus();
}

}  // namespace tgauth::e2e
