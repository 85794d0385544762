// UserStore conformance: the same tests for InMemoryUserStore and
// PostgresUserStore (tests/storage/conformance.h).
#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "common/uuid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_user_store.h"
#include "storage/postgres/postgres_user_store.h"
#include "tests/storage/conformance.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

using ::testing::Eq;
using ::testing::Ne;

const absl::Time kNow = absl::FromUnixMicros(1'800'000'000'123'456);

TelegramProfile Alice() {
  return {42, "Alice", "Liddell", "alice", "https://t.me/i/alice.jpg", "en-GB"};
}

Backend<UserStore> MakeInMemory() { return {nullptr, std::make_unique<InMemoryUserStore>()}; }

Backend<UserStore> MakePostgres() {
  std::shared_ptr<PostgresDatabase> db = ConnectTestDatabase();
  if (db == nullptr) return {};
  auto store = std::make_unique<PostgresUserStore>(*db);
  return {db, std::move(store)};
}

using UserStoreTest = ConformanceTest<UserStore>;

TEST_P(UserStoreTest, FindOfUnknownTelegramIdReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().FindByTelegramId(7).status()));
}

TEST_P(UserStoreTest, InsertedUserIsFoundByTelegramId) {
  absl::StatusOr<UserRecord> inserted = store().Insert(Alice(), kNow);
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  EXPECT_TRUE(IsUuid(inserted->id)) << inserted->id;
  EXPECT_EQ(inserted->profile, Alice());
  EXPECT_EQ(inserted->created_at, kNow);  // Microseconds survive the round trip.
  EXPECT_EQ(inserted->updated_at, kNow);

  absl::StatusOr<UserRecord> found = store().FindByTelegramId(Alice().telegram_id);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->id, inserted->id);
  EXPECT_EQ(found->profile, Alice());
  EXPECT_EQ(found->created_at, kNow);
}

TEST_P(UserStoreTest, InsertedUserIsFoundById) {
  absl::StatusOr<UserRecord> inserted = store().Insert(Alice(), kNow);
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  absl::StatusOr<UserRecord> found = store().FindById(inserted->id);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->id, inserted->id);
  EXPECT_EQ(found->profile, Alice());
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->updated_at, kNow);
}

TEST_P(UserStoreTest, FindByIdOfUnknownUserReturnsNotFound) {
  ASSERT_TRUE(store().Insert(Alice(), kNow).ok());
  EXPECT_TRUE(absl::IsNotFound(store().FindById("0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b").status()));
  EXPECT_TRUE(absl::IsNotFound(store().FindById("not-a-uuid").status()));
  EXPECT_TRUE(absl::IsNotFound(store().FindById("").status()));
}

TEST_P(UserStoreTest, InsertedUserHasNoSubscription) {
  absl::StatusOr<UserRecord> inserted = store().Insert(Alice(), kNow);
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  EXPECT_EQ(inserted->subscription, Subscription{});
  EXPECT_EQ(store().FindByTelegramId(Alice().telegram_id)->subscription, Subscription{});
}

TEST_P(UserStoreTest, InsertOfEmptyProfileFieldsKeepsThemEmpty) {
  TelegramProfile bare;
  bare.telegram_id = 7;
  ASSERT_TRUE(store().Insert(bare, kNow).ok());
  absl::StatusOr<UserRecord> found = store().FindByTelegramId(7);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->profile, bare);
}

TEST_P(UserStoreTest, InsertOfTakenTelegramIdReturnsAlreadyExists) {
  ASSERT_TRUE(store().Insert(Alice(), kNow).status().ok()) << "precondition";
  TelegramProfile other = Alice();
  other.first_name = "Mallory";
  EXPECT_TRUE(absl::IsAlreadyExists(store().Insert(other, kNow).status()));
  EXPECT_EQ(store().FindByTelegramId(Alice().telegram_id)->profile.first_name, "Alice");
}

TEST_P(UserStoreTest, ConcurrentInsertsOfSameTelegramIdOneWins) {
  constexpr int kThreads = 8;
  std::atomic<int> created = 0, already_exists = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      absl::Status s = store().Insert(Alice(), kNow).status();
      if (s.ok()) ++created;
      if (absl::IsAlreadyExists(s)) ++already_exists;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(already_exists, kThreads - 1);
}

TEST_P(UserStoreTest, UpdateProfileMovesUpdatedAt) {
  absl::StatusOr<UserRecord> inserted = store().Insert(Alice(), kNow);
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  TelegramProfile renamed = Alice();
  renamed.username = "alice_new";
  renamed.photo_url = "";
  renamed.language_code = "ru";
  const absl::Time later = kNow + absl::Microseconds(1'500'001);

  absl::StatusOr<UserRecord> updated = store().UpdateProfile(inserted->id, renamed, later);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->id, inserted->id);
  EXPECT_EQ(updated->profile, renamed);
  EXPECT_EQ(updated->created_at, kNow);
  EXPECT_EQ(updated->updated_at, later);

  absl::StatusOr<UserRecord> found = store().FindByTelegramId(Alice().telegram_id);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->profile, renamed);
  EXPECT_EQ(found->updated_at, later);
}

TEST_P(UserStoreTest, UpdateProfileNeverChangesTelegramId) {
  absl::StatusOr<UserRecord> inserted = store().Insert(Alice(), kNow);
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  TelegramProfile other = Alice();
  other.telegram_id = 43;
  absl::StatusOr<UserRecord> updated = store().UpdateProfile(inserted->id, other, kNow);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->profile.telegram_id, 42);
  EXPECT_TRUE(absl::IsNotFound(store().FindByTelegramId(43).status()));
}

TEST_P(UserStoreTest, UpdateProfileOfUnknownUserReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(
      store().UpdateProfile("0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b", Alice(), kNow).status()));
  EXPECT_TRUE(absl::IsNotFound(store().UpdateProfile("not-a-uuid", Alice(), kNow).status()));
}

INSTANTIATE_TEST_SUITE_P(Stores, UserStoreTest,
                         ::testing::Values(Impl<UserStore>{"InMemory", MakeInMemory},
                                           Impl<UserStore>{"Postgres", MakePostgres}),
                         BackendName<UserStore>);

TEST(InMemoryUserStoreTest, InjectedFailureIsReturnedThenHeals) {
  InMemoryUserStore store;
  store.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_TRUE(absl::IsUnavailable(store.Insert(Alice(), kNow).status()));
  EXPECT_TRUE(store.Insert(Alice(), kNow).ok());
}

}  // namespace
}  // namespace tgauth::storage
