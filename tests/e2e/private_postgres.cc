#include "tests/e2e/private_postgres.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "tests/e2e/child_process.h"
#include "tests/storage/test_env.h"

namespace tgauth::e2e {
namespace {

// The newest installed PostgreSQL's bin folder.
std::string PgBin() {
  std::vector<std::string> bins;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql")) {
    bins.push_back(entry.path().string() + "/bin");
  }
  std::sort(bins.begin(), bins.end());
  return bins.empty() ? "" : bins.back();
}

// As root, PostgreSQL tools must run as the postgres user.
std::vector<std::string> AsPostgres(std::vector<std::string> argv) {
  if (geteuid() != 0) return argv;
  argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  return argv;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PrivatePostgres>> PrivatePostgres::Create() {
  std::string dir = absl::StrCat("/tmp/tgauth-e2e-pg-", getpid(), "-", storage::ClosedPort());
  std::filesystem::create_directories(dir);
  if (geteuid() == 0) {
    if (absl::Status s = RunCommand({"chown", "postgres:", dir}); !s.ok()) return s;
  }
  std::unique_ptr<PrivatePostgres> pg(new PrivatePostgres(dir, storage::ClosedPort()));
  if (absl::Status s =
          RunCommand(AsPostgres({PgBin() + "/initdb", "-D", dir + "/data", "-U", "postgres", "-A",
                                 "trust", "--no-sync", "-E", "UTF8"}));
      !s.ok()) {
    return s;
  }
  return pg;
}

PrivatePostgres::~PrivatePostgres() {
  (void)PgCtl({"-m", "immediate", "stop"});
  std::filesystem::remove_all(dir_);
}

absl::Status PrivatePostgres::PgCtl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {PgBin() + "/pg_ctl", "-D", dir_ + "/data", "-w", "-s"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(AsPostgres(argv));
}

absl::Status PrivatePostgres::Start() {
  return PgCtl(
      {"-l", dir_ + "/log", "-o",
       absl::StrCat("-c listen_addresses=127.0.0.1 -p ", port_, " -k ", dir_, " -c fsync=off"),
       "start"});
}

absl::Status PrivatePostgres::Crash() { return PgCtl({"-m", "immediate", "stop"}); }

absl::Status PrivatePostgres::SignalAll(int signal) {
  std::ifstream pid_file(dir_ + "/data/postmaster.pid");
  pid_t postmaster = 0;
  if (!(pid_file >> postmaster) || postmaster <= 0) {
    return absl::FailedPreconditionError("PostgreSQL is not running");
  }
  // Children first, so none is started by a postmaster that runs meanwhile.
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // pid (comm) state ppid ...: comm may hold spaces, so read after the ')'.
    std::istringstream rest(line.substr(line.rfind(')') + 1));
    char state = 0;
    pid_t parent = 0;
    if (rest >> state >> parent && parent == postmaster) {
      kill(static_cast<pid_t>(std::stol(entry.path().filename().string())), signal);
    }
  }
  kill(postmaster, signal);
  return absl::OkStatus();
}

std::string PrivatePostgres::url() const {
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/postgres");
}

}  // namespace tgauth::e2e
