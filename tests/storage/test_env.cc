#include "tests/storage/test_env.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "absl/random/random.h"
#include "absl/synchronization/mutex.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace tgauth::storage {
namespace {

std::string UrlFrom(const char* variable) {
  const char* url = std::getenv(variable);
  if (url == nullptr || *url == '\0') {
    ADD_FAILURE() << variable
                  << " is not set: run the integration tests with scripts/test (or eval "
                     "\"$(scripts/start-services)\" first)";
    return "";
  }
  return url;
}

}  // namespace

std::string TestDatabaseUrl() { return UrlFrom("TGAUTH_TEST_DATABASE_URL"); }
std::string TestRedisUrl() { return UrlFrom("TGAUTH_TEST_REDIS_URL"); }

std::unique_ptr<PostgresDatabase> ConnectTestDatabase(int pool_size) {
  const std::string url = TestDatabaseUrl();
  if (url.empty()) return nullptr;
  absl::StatusOr<std::unique_ptr<PostgresDatabase>> db = PostgresDatabase::Connect(url, pool_size);
  if (!db.ok()) {
    ADD_FAILURE() << db.status();
    return nullptr;
  }
  absl::Status status = (*db)->Migrate();
  if (status.ok()) {
    status = (*db)->Transact([](pqxx::transaction_base& tx) {
      tx.exec0("TRUNCATE users, invite_codes, oauth_clients, event_outbox, webhook_deliveries "
               "CASCADE");
      tx.exec0("UPDATE event_relay SET last_event_id = 0, delivered_event_id = 0, "
               "deleted_through = 0");
      return absl::OkStatus();
    });
  }
  if (!status.ok()) {
    ADD_FAILURE() << status;
    return nullptr;
  }
  return *std::move(db);
}

std::unique_ptr<RedisClient> ConnectTestRedis(int pool_size) {
  const std::string url = TestRedisUrl();
  if (url.empty()) return nullptr;
  absl::StatusOr<std::unique_ptr<RedisClient>> redis =
      RedisClient::Connect(url, pool_size, absl::Seconds(2));
  if (!redis.ok()) {
    ADD_FAILURE() << redis.status();
    return nullptr;
  }
  return *std::move(redis);
}

std::string RandomKeyPrefix() {
  static absl::BitGen gen;
  return absl::StrFormat("tgauth-test:%016x:", absl::Uniform<uint64_t>(gen));
}

int ClosedPort() {
  // A port the kernel hands out as an ephemeral one (bind to port 0) comes
  // back into that pool when closed, and the next outgoing connection of any
  // process on the machine may take it as its source port before the test's
  // server binds it. Ports below the ephemeral range are never used that way;
  // a random one that binds now (no SO_REUSEADDR: not in TIME_WAIT either)
  // is free, and the few concurrent tests rarely pick the same one.
  int ephemeral_low = 32768;
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> ephemeral_low;
  static absl::Mutex mutex(absl::kConstInit);
  static absl::BitGen* bitgen = new absl::BitGen();
  absl::MutexLock lock(&mutex);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int port = absl::Uniform(*bitgen, 10000, std::max(10001, ephemeral_low));
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);  // Never listened on: connecting is refused.
    if (free) return port;
  }
  ADD_FAILURE() << "no free loopback port below " << ephemeral_low;
  return 1;
}

}  // namespace tgauth::storage
