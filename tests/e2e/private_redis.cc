#include "tests/e2e/private_redis.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/secure_token.h"
#include "storage/redis/redis_client.h"

namespace tgauth::e2e {

PrivateRedis::PrivateRedis(int port)
    : port_(port),
      dir_(absl::StrCat("/tmp/tgauth-e2e-redis-", getpid(), "-", port)),
      password_(*NewToken()) {
  std::filesystem::create_directories(dir_);
}

PrivateRedis::~PrivateRedis() {
  process_.reset();
  std::filesystem::remove_all(dir_);
}

absl::Status PrivateRedis::Start() {
  absl::StatusOr<ChildProcess> process =
      ChildProcess::Start({"redis-server", "--bind", "127.0.0.1", "--port", absl::StrCat(port_),
                           "--requirepass", password_, "--dir", dir_, "--save", "", "--appendonly",
                           "yes", "--appendfsync", "everysec", "--loglevel", "warning"});
  if (!process.ok()) return process.status();
  process_ = std::make_unique<ChildProcess>(*std::move(process));
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (absl::Now() < give_up) {
    if (storage::RedisClient::Connect(url(), 1, absl::Milliseconds(200)).ok()) {
      return absl::OkStatus();
    }
    absl::SleepFor(absl::Milliseconds(20));  // Another process starting up.
  }
  return absl::DeadlineExceededError("redis-server did not start");
}

void PrivateRedis::Kill() {
  process_->Kill();
  process_.reset();
}

std::string PrivateRedis::url() const {
  return absl::StrCat("redis://:", password_, "@127.0.0.1:", port_, "/0");
}

}  // namespace tgauth::e2e
