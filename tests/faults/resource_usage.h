// What a deployment holds while it runs: a process's resident memory and
// the connections open to PostgreSQL and Redis, as an operator would read
// them (/proc/<pid>/status, pg_stat_activity, INFO clients).
#ifndef TGAUTH_TESTS_FAULTS_RESOURCE_USAGE_H_
#define TGAUTH_TESTS_FAULTS_RESOURCE_USAGE_H_

#include <sys/types.h>

#include <string>

#include "absl/status/statusor.h"

namespace tgauth::faults {

// VmRSS of process `pid`, in KiB. NOT_FOUND if the process is gone.
absl::StatusOr<int64_t> ResidentKib(pid_t pid);

// Client backends connected to the PostgreSQL at `database_url`, not
// counting the connection this call opens to ask.
absl::StatusOr<int> PostgresClientBackends(const std::string& database_url);

// connected_clients of the Redis at `redis_url`, not counting the
// connection this call opens to ask.
absl::StatusOr<int> RedisConnectedClients(const std::string& redis_url);

// Keys in the Redis at `redis_url` (DBSIZE of database 0).
absl::StatusOr<int> RedisKeyCount(const std::string& redis_url);

}  // namespace tgauth::faults

#endif  // TGAUTH_TESTS_FAULTS_RESOURCE_USAGE_H_
