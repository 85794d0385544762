// PostgresDatabase and RedisClient tell their StoreCallObserver of every
// call (its operation, and whether the store failed) and report how much of
// their pool is in use.
#include "storage/store_call_observer.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/postgres/postgres_database.h"
#include "storage/postgres/postgres_session_store.h"
#include "storage/redis/redis_client.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::FieldsAre;
using ::testing::Ge;

struct ObservedCall {
  StoreKind store;
  std::string operation;
  bool failed;
};

class RecordingObserver final : public StoreCallObserver {
 public:
  void OnStoreCall(StoreKind store, absl::string_view operation, absl::Duration elapsed,
                   bool failed) override {
    EXPECT_GE(elapsed, absl::ZeroDuration());
    absl::MutexLock lock(&mu_);
    calls_.push_back({store, std::string(operation), failed});
  }
  std::vector<ObservedCall> calls() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<ObservedCall> calls_ ABSL_GUARDED_BY(mu_);
};

TEST(StoreCallObserverTest,
     PostgresReportsEachTransactionReadAndStatementAndWhetherTheStoreFailed) {
  std::unique_ptr<PostgresDatabase> db = ConnectTestDatabase(2);
  ASSERT_NE(db, nullptr);
  RecordingObserver observer;
  db->SetObserver(observer);
  PoolUse during;
  ASSERT_TRUE(db->Transact([&](pqxx::transaction_base& tx) {
                  during = db->pool_use();
                  tx.exec1("SELECT 1");
                  return absl::OkStatus();
                }).ok());
  EXPECT_TRUE(absl::IsNotFound(db->Transact([](pqxx::transaction_base&) {
    return absl::NotFoundError("an answer, not a failure of the store");
  })));
  EXPECT_TRUE(absl::IsInternal(db->Read([](pqxx::transaction_base& tx) {
    tx.exec0("SELECT no_such_column FROM users");
    return absl::OkStatus();
  })));
  // The one-statement writes a sign-in and a refresh make.
  ASSERT_TRUE(db->Autocommit([](pqxx::transaction_base& tx) {
                  tx.exec1("SELECT 1");
                  return absl::OkStatus();
                }).ok());
  EXPECT_THAT(observer.calls(), ElementsAre(FieldsAre(StoreKind::kPostgres, "transaction", false),
                                            FieldsAre(StoreKind::kPostgres, "transaction", false),
                                            FieldsAre(StoreKind::kPostgres, "read", true),
                                            FieldsAre(StoreKind::kPostgres, "statement", false)));
  EXPECT_EQ(during.in_use, 1);
  EXPECT_EQ(during.size, 2);
  EXPECT_EQ(db->pool_use().in_use, 0);
}

// A sign-in (the user upsert, the session with its first refresh token and
// their events) and a refresh token rotation (row lock, rotation and its
// event) are each one statement: one round trip, one transaction.
TEST(StoreCallObserverTest, ASignInAndARotationAreEachOnePostgresStatement) {
  std::unique_ptr<PostgresDatabase> db = ConnectTestDatabase(2);
  ASSERT_NE(db, nullptr);
  PostgresSessionStore sessions(*db);
  RecordingObserver observer;
  db->SetObserver(observer);
  const absl::Time now = absl::Now();
  const std::string first(32, 'f');
  const std::string second(32, 's');
  const NewSession row{.sign_in_method = "qr",
                       .refresh_token_hash = first,
                       .created_at = now,
                       .expires_at = now + absl::Hours(1),
                       .refresh_token_expires_at = now + absl::Hours(1),
                       .redeems_confirmed_login = true};
  absl::StatusOr<TelegramSignIn> signed_in =
      sessions.CreateForTelegramUser({.telegram_id = 4242, .first_name = "Ada"}, row);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_THAT(observer.calls(), ElementsAre(FieldsAre(StoreKind::kPostgres, "statement", false)));
  absl::StatusOr<RefreshChain> rotated =
      sessions.RotateCurrent(first, RefreshTokenHolder::FirstParty(),
                             RefreshDecision::Rotate(now, second, now + absl::Hours(1)));
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  EXPECT_THAT(observer.calls(), ElementsAre(FieldsAre(StoreKind::kPostgres, "statement", false),
                                            FieldsAre(StoreKind::kPostgres, "statement", false)));
}

TEST(StoreCallObserverTest, RedisReportsEachCommandByNameAndWhetherTheStoreFailed) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis(3);
  ASSERT_NE(redis, nullptr);
  RecordingObserver observer;
  redis->SetObserver(observer);
  const std::string key = absl::StrCat(RandomKeyPrefix(), "observed");
  ASSERT_TRUE(redis->Command({"SET", key, "1", "PX", "10000"}, RedisResend::kAllowed).ok());
  EXPECT_FALSE(redis->Command({"NOSUCHCOMMAND"}, RedisResend::kAllowed).ok());
  ASSERT_TRUE(
      redis
          ->Eval(CreateHashIfAbsentScript(), {key + ":h"}, {"10000", "f", "v"}, RedisResend::kNever)
          .ok());
  EXPECT_THAT(observer.calls(), ElementsAre(FieldsAre(StoreKind::kRedis, "SET", false),
                                            FieldsAre(StoreKind::kRedis, "NOSUCHCOMMAND", true),
                                            FieldsAre(StoreKind::kRedis, "EVALSHA", false)));
  EXPECT_EQ(redis->pool_use().in_use, 0);
  EXPECT_EQ(redis->pool_use().size, 3);
}

}  // namespace
}  // namespace tgauth::storage
