#include "tests/faults/resource_usage.h"

#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "storage/redis/redis_client.h"

namespace tgauth::faults {

absl::StatusOr<int64_t> ResidentKib(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    absl::string_view rest = line;
    if (!absl::ConsumePrefix(&rest, "VmRSS:")) continue;
    int64_t kib = 0;
    if (absl::SimpleAtoi(absl::StripSuffix(absl::StripAsciiWhitespace(rest), " kB"), &kib)) {
      return kib;
    }
  }
  return absl::NotFoundError(absl::StrCat("no VmRSS for process ", pid));
}

absl::StatusOr<int> PostgresClientBackends(const std::string& database_url) {
  try {
    pqxx::connection connection(database_url);
    pqxx::work work(connection);
    pqxx::row row = work.exec1(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
    return row[0].as<int>();
  } catch (const std::exception& e) {
    return absl::UnavailableError(e.what());
  }
}

namespace {

absl::StatusOr<storage::RedisReply> AskRedis(const std::string& redis_url,
                                             const std::vector<absl::string_view>& command) {
  absl::StatusOr<std::unique_ptr<storage::RedisClient>> redis =
      storage::RedisClient::Connect(redis_url, 1, absl::Seconds(2));
  if (!redis.ok()) return redis.status();
  return (*redis)->Command(command, storage::RedisResend::kAllowed);
}

}  // namespace

absl::StatusOr<int> RedisKeyCount(const std::string& redis_url) {
  absl::StatusOr<storage::RedisReply> size = AskRedis(redis_url, {"DBSIZE"});
  if (!size.ok()) return size.status();
  return static_cast<int>(size->integer());
}

absl::StatusOr<int> RedisConnectedClients(const std::string& redis_url) {
  absl::StatusOr<storage::RedisReply> info = AskRedis(redis_url, {"INFO", "clients"});
  if (!info.ok()) return info.status();
  for (absl::string_view line : absl::StrSplit(info->str(), "\r\n")) {
    int clients = 0;
    if (absl::ConsumePrefix(&line, "connected_clients:") && absl::SimpleAtoi(line, &clients)) {
      return clients - 1;
    }
  }
  return absl::InternalError("INFO clients has no connected_clients");
}

}  // namespace tgauth::faults
