// PostgresDatabase: URL checks, connection failures, migrations, rollback and
// recovery from a lost connection.
#include "storage/postgres/postgres_database.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

// A scalar from a one-row, one-column query; -1 after recording a failure.
int64_t QueryInt(PostgresDatabase& db, const std::string& sql) {
  int64_t value = -1;
  absl::Status s = db.Transact([&](pqxx::transaction_base& tx) {
    value = tx.exec1(sql)[0].as<int64_t>();
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  return value;
}

TEST(PostgresDatabaseTest, ConnectWithEmptyUrlReturnsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(PostgresDatabase::Connect("", 1).status()));
}

TEST(PostgresDatabaseTest, ConnectWithNonPostgresqlUrlReturnsInvalidArgument) {
  for (const char* url : {"redis://127.0.0.1:6379", "mysql://db/x", "host=127.0.0.1 dbname=x"}) {
    absl::Status s = PostgresDatabase::Connect(url, 1).status();
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << url << ": " << s;
  }
}

TEST(PostgresDatabaseTest, ConnectToClosedPortReturnsUnavailableWithoutPassword) {
  const std::string target = absl::StrCat("127.0.0.1:", ClosedPort(), "/tgauth");
  absl::Status s =
      PostgresDatabase::Connect(absl::StrCat("postgresql://me:s3cret@", target), 1).status();
  EXPECT_TRUE(absl::IsUnavailable(s)) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), target)) << s;
  EXPECT_FALSE(absl::StrContains(s.message(), "s3cret")) << s;
}

TEST(PostgresDatabaseTest, MigrateTwiceIsANoOp) {
  std::unique_ptr<PostgresDatabase> db = ConnectTestDatabase();
  ASSERT_NE(db, nullptr);
  const int64_t versions = QueryInt(*db, "SELECT count(*) FROM schema_migrations");
  EXPECT_GE(versions, 1);
  ASSERT_TRUE(db->Migrate().ok());
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM schema_migrations"), versions);
}

TEST(PostgresDatabaseTest, ConcurrentMigrationsOfAnEmptyDatabaseApplyEachVersionOnce) {
  const std::string url = TestDatabaseUrl();
  ASSERT_FALSE(url.empty());
  const std::string name = absl::StrCat("tgauth_migrate_", RandomKeyPrefix().substr(12, 16));
  // CREATE/DROP DATABASE cannot run inside a transaction: plain libpqxx here.
  pqxx::connection admin(url);
  auto run = [&](const std::string& sql) { pqxx::nontransaction(admin).exec0(sql); };
  run(absl::StrCat("CREATE DATABASE ", name));
  const std::string fresh_url = absl::StrCat(url.substr(0, url.rfind('/') + 1), name);
  {
    std::vector<std::unique_ptr<PostgresDatabase>> replicas;
    for (int i = 0; i < 3; ++i) {
      absl::StatusOr<std::unique_ptr<PostgresDatabase>> db =
          PostgresDatabase::Connect(fresh_url, 1);
      ASSERT_TRUE(db.ok()) << db.status();
      replicas.push_back(*std::move(db));
    }
    std::vector<absl::Status> results(replicas.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < replicas.size(); ++i) {
      threads.emplace_back([&, i] { results[i] = replicas[i]->Migrate(); });
    }
    for (auto& t : threads) t.join();
    for (const absl::Status& s : results) EXPECT_TRUE(s.ok()) << s;
    EXPECT_EQ(QueryInt(*replicas[0], "SELECT count(*) FROM schema_migrations"),
              QueryInt(*replicas[0], "SELECT count(DISTINCT version) FROM schema_migrations"));
    EXPECT_EQ(QueryInt(*replicas[0], "SELECT count(*) FROM users"), 0);
  }
  run(absl::StrCat("DROP DATABASE ", name));
}

TEST(PostgresDatabaseTest, FailedWorkRollsBack) {
  std::unique_ptr<PostgresDatabase> db = ConnectTestDatabase();
  ASSERT_NE(db, nullptr);
  absl::Status s = db->Transact([](pqxx::transaction_base& tx) {
    tx.exec0("INSERT INTO users (telegram_id, created_at, updated_at) VALUES (1, now(), now())");
    return absl::NotFoundError("changed my mind");
  });
  EXPECT_TRUE(absl::IsNotFound(s)) << s;
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM users"), 0);
}

TEST(PostgresDatabaseTest, SqlErrorBecomesInternalWithoutDetails) {
  std::unique_ptr<PostgresDatabase> db = ConnectTestDatabase();
  ASSERT_NE(db, nullptr);
  absl::Status s = db->Transact([](pqxx::transaction_base& tx) {
    tx.exec0("SELECT no_such_column FROM users");
    return absl::OkStatus();
  });
  EXPECT_TRUE(absl::IsInternal(s)) << s;
  EXPECT_FALSE(absl::StrContains(s.message(), "no_such_column")) << s;
}

TEST(PostgresDatabaseTest, WorkSucceedsAfterServerDropsTheConnection) {
  const std::string app = RandomKeyPrefix().substr(12, 16);  // Unique application_name.
  const std::string url = TestDatabaseUrl();
  ASSERT_FALSE(url.empty());
  absl::StatusOr<std::unique_ptr<PostgresDatabase>> db = PostgresDatabase::Connect(
      absl::StrCat(url, absl::StrContains(url, "?") ? "&" : "?", "application_name=", app), 1);
  ASSERT_TRUE(db.ok()) << db.status();
  std::unique_ptr<PostgresDatabase> killer = ConnectTestDatabase(1);
  ASSERT_NE(killer, nullptr);
  // What a PostgreSQL restart does to every pooled connection.
  ASSERT_EQ(QueryInt(*killer, absl::StrCat("SELECT count(pg_terminate_backend(pid)) FROM "
                                           "pg_stat_activity WHERE application_name = '",
                                           app, "'")),
            1);
  EXPECT_EQ(QueryInt(**db, "SELECT 7"), 7);
}

}  // namespace
}  // namespace tgauth::storage
