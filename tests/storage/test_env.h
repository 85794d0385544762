// What the storage tests share: the test databases from the environment,
// isolation (clean tables, random Redis key prefixes), and a closed port.
#ifndef TGAUTH_TESTS_STORAGE_TEST_ENV_H_
#define TGAUTH_TESTS_STORAGE_TEST_ENV_H_

#include <memory>
#include <string>

#include "storage/postgres/postgres_database.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

// TGAUTH_TEST_DATABASE_URL / TGAUTH_TEST_REDIS_URL; if unset, adds a test
// failure telling to run scripts/test (integration tests never skip) and
// returns "".
std::string TestDatabaseUrl();
std::string TestRedisUrl();

// The test database, migrated, with every table emptied (TRUNCATE users,
// invite_codes, oauth_clients, event_outbox, webhook_deliveries CASCADE;
// the relay's marks back at 0). Null after adding a test failure.
std::unique_ptr<PostgresDatabase> ConnectTestDatabase(int pool_size = 4);

// A client for the test Redis. Null after adding a test failure.
std::unique_ptr<RedisClient> ConnectTestRedis(int pool_size = 4);

// "tgauth-test:<random hex>:", so concurrent tests never share Redis keys.
std::string RandomKeyPrefix();

// A loopback port nothing listens on (bound once, then closed).
int ClosedPort();

}  // namespace tgauth::storage

#endif  // TGAUTH_TESTS_STORAGE_TEST_ENV_H_
