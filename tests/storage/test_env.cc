#include "tests/storage/test_env.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/random/random.h"
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
      tx.exec0("TRUNCATE users, invite_codes, event_outbox, webhook_deliveries CASCADE");
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
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);  // Never listened on: connecting is refused.
  return ntohs(addr.sin_port);
}

}  // namespace tgauth::storage
