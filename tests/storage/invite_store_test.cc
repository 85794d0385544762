// InviteStore conformance: the same tests for InMemoryInviteStore and
// PostgresInviteStore, including concurrent redemptions of one code (on
// PostgreSQL: real transactions on separate connections).
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/barrier.h"
#include "common/secure_token.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_invite_store.h"
#include "storage/memory/in_memory_user_store.h"
#include "storage/postgres/postgres_invite_store.h"
#include "storage/postgres/postgres_user_store.h"
#include "tests/storage/conformance.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

const absl::Time kNow = absl::FromUnixMicros(1'800'000'000'123'456);
constexpr int kThreads = 8;

// The users the codes are redeemed for live beside the invite store.
struct InviteDeps {
  std::shared_ptr<void> database;  // Null for the fakes.
  std::unique_ptr<UserStore> users;
};

Backend<InviteStore> MakeInMemory() {
  auto deps = std::make_shared<InviteDeps>();
  auto users = std::make_unique<InMemoryUserStore>();
  auto store = std::make_unique<InMemoryInviteStore>(*users);
  deps->users = std::move(users);
  return {deps, std::move(store)};
}

Backend<InviteStore> MakePostgres() {
  std::shared_ptr<PostgresDatabase> db = ConnectTestDatabase(kThreads);
  if (db == nullptr) return {};
  auto deps = std::make_shared<InviteDeps>();
  deps->database = db;
  deps->users = std::make_unique<PostgresUserStore>(*db);
  return {deps, std::make_unique<PostgresInviteStore>(*db)};
}

InviteCode Code(const std::string& code, int max_uses = 1) {
  return {.code_hash = Sha256(code),
          .hint = code.substr(0, 4) + "…",
          .tier = "Premium",
          .subscription_days = 30,
          .max_uses = max_uses,
          .expires_at = kNow + absl::Hours(24 * 7),
          .created_at = kNow};
}

class InviteStoreTest : public ConformanceTest<InviteStore> {
 protected:
  UserStore& users() { return *static_cast<InviteDeps*>(backend_.deps.get())->users; }

  // A new user with Telegram id `telegram_id`; its id.
  std::string NewUser(int64_t telegram_id) {
    absl::StatusOr<UserRecord> user =
        users().Insert({.telegram_id = telegram_id, .first_name = "User"}, kNow);
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? user->id : "";
  }
  UserRecord UserOf(int64_t telegram_id) { return *users().FindByTelegramId(telegram_id); }
};

TEST_P(InviteStoreTest, CreatedCodeIsFoundWithNoUses) {
  InviteCode code = Code("3HBP4Z3ECICZ");
  code.uses = 5;  // Ignored.
  absl::StatusOr<int64_t> id = store().Create(code);
  ASSERT_TRUE(id.ok()) << id.status();
  absl::StatusOr<InviteCode> found = store().Find(Sha256("3HBP4Z3ECICZ"));
  ASSERT_TRUE(found.ok()) << found.status();
  code.uses = 0;
  code.id = *id;
  EXPECT_EQ(*found, code);
}

TEST_P(InviteStoreTest, CodeWithoutExpiryKeepsNone) {
  InviteCode code = Code("NOEXPIRY01");
  code.expires_at.reset();
  code.subscription_days = 0;
  code.id = *store().Create(code);
  EXPECT_EQ(*store().Find(code.code_hash), code);
}

TEST_P(InviteStoreTest, FindOfUnknownCodeReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().Find(Sha256("NOPE")).status()));
}

TEST_P(InviteStoreTest, CreateOfTakenCodeReturnsAlreadyExists) {
  ASSERT_TRUE(store().Create(Code("3HBP4Z3ECICZ")).ok());
  InviteCode again = Code("3HBP4Z3ECICZ");
  again.tier = "Gold";
  EXPECT_TRUE(absl::IsAlreadyExists(store().Create(again).status()));
  EXPECT_EQ(store().Find(again.code_hash)->tier, "Premium");
}

TEST_P(InviteStoreTest, ListIsNewestFirstAndLimited) {
  for (int i = 0; i < 3; ++i) {
    InviteCode code = Code("CODE00" + std::to_string(i));
    code.created_at = kNow + absl::Seconds(i);
    ASSERT_TRUE(store().Create(code).ok());
  }
  absl::StatusOr<std::vector<InviteCode>> codes = store().List(2);
  ASSERT_TRUE(codes.ok()) << codes.status();
  ASSERT_EQ(codes->size(), 2u);
  EXPECT_EQ((*codes)[0].code_hash, Sha256("CODE002"));
  EXPECT_EQ((*codes)[1].code_hash, Sha256("CODE001"));
  EXPECT_TRUE(store().List(10)->size() == 3);
}

TEST_P(InviteStoreTest, DisabledCodeIsRedeemedAsAnUnknownOne) {
  const std::string user = NewUser(42);
  const InviteCode code = Code("3HBP4Z3ECICZ", 5);
  const int64_t id = *store().Create(code);
  absl::StatusOr<InviteCode> disabled = store().Disable(id, kNow + absl::Minutes(1));
  ASSERT_TRUE(disabled.ok()) << disabled.status();
  EXPECT_EQ(disabled->id, id);
  EXPECT_EQ(disabled->disabled_at, kNow + absl::Minutes(1));
  // Disabling again keeps the first time.
  EXPECT_EQ(store().Disable(id, kNow + absl::Hours(1))->disabled_at, kNow + absl::Minutes(1));
  EXPECT_EQ(store().Find(code.code_hash)->disabled_at, kNow + absl::Minutes(1));

  absl::StatusOr<Redemption> r = store().Redeem(code.code_hash, user, kNow + absl::Hours(1));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->result, RedeemResult::kUnknownCode);
  EXPECT_EQ(store().Find(code.code_hash)->uses, 0);
}

TEST_P(InviteStoreTest, DisableOfUnknownIdReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().Disable(123456, kNow).status()));
}

TEST_P(InviteStoreTest, RedeemOfUnknownCodeChangesNothing) {
  const std::string user = NewUser(42);
  absl::StatusOr<Redemption> r = store().Redeem(Sha256("NOPE"), user, kNow);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->result, RedeemResult::kUnknownCode);
  EXPECT_EQ(UserOf(42).subscription, Subscription{});
}

TEST_P(InviteStoreTest, RedeemActivatesTheTierAndCountsTheUse) {
  ASSERT_TRUE(store().Create(Code("3HBP4Z3ECICZ", 2)).ok());
  const std::string user = NewUser(42);
  const absl::Time later = kNow + absl::Hours(1);
  absl::StatusOr<Redemption> r = store().Redeem(Sha256("3HBP4Z3ECICZ"), user, later);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->result, RedeemResult::kRedeemed);
  const Subscription expected{
      .tier = "Premium",
      .expires_at = absl::FromUnixSeconds(absl::ToUnixSeconds(later)) + absl::Hours(24 * 30)};
  EXPECT_EQ(r->subscription, expected);
  const UserRecord stored = UserOf(42);
  EXPECT_EQ(stored.subscription, expected);
  EXPECT_EQ(stored.updated_at, later);
  EXPECT_EQ(store().Find(Sha256("3HBP4Z3ECICZ"))->uses, 1);
}

TEST_P(InviteStoreTest, SecondRedeemBySameUserIsANoOp) {
  ASSERT_TRUE(store().Create(Code("3HBP4Z3ECICZ", 5)).ok());
  const std::string user = NewUser(42);
  ASSERT_EQ(store().Redeem(Sha256("3HBP4Z3ECICZ"), user, kNow)->result, RedeemResult::kRedeemed);
  const UserRecord before = UserOf(42);
  absl::StatusOr<Redemption> again =
      store().Redeem(Sha256("3HBP4Z3ECICZ"), user, kNow + absl::Hours(1));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->result, RedeemResult::kAlreadyRedeemed);
  EXPECT_EQ(again->subscription, before.subscription);
  EXPECT_EQ(UserOf(42).updated_at, before.updated_at);
  EXPECT_EQ(store().Find(Sha256("3HBP4Z3ECICZ"))->uses, 1);
}

TEST_P(InviteStoreTest, RedeemOfExpiredCodeChangesNothing) {
  ASSERT_TRUE(store().Create(Code("3HBP4Z3ECICZ")).ok());
  const std::string user = NewUser(42);
  absl::StatusOr<Redemption> r =
      store().Redeem(Sha256("3HBP4Z3ECICZ"), user, kNow + absl::Hours(24 * 7));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->result, RedeemResult::kExpired);
  EXPECT_EQ(UserOf(42).subscription, Subscription{});
  EXPECT_EQ(store().Find(Sha256("3HBP4Z3ECICZ"))->uses, 0);
}

TEST_P(InviteStoreTest, RedeemOfUsedUpCodeChangesNothing) {
  ASSERT_TRUE(store().Create(Code("3HBP4Z3ECICZ")).ok());
  ASSERT_EQ(store().Redeem(Sha256("3HBP4Z3ECICZ"), NewUser(42), kNow)->result,
            RedeemResult::kRedeemed);
  absl::StatusOr<Redemption> r = store().Redeem(Sha256("3HBP4Z3ECICZ"), NewUser(43), kNow);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->result, RedeemResult::kUsedUp);
  EXPECT_EQ(UserOf(43).subscription, Subscription{});
}

TEST_P(InviteStoreTest, RepeatAfterTheCodeRanOutIsStillANoOpSuccess) {
  ASSERT_TRUE(store().Create(Code("3HBP4Z3ECICZ")).ok());
  const std::string user = NewUser(42);
  ASSERT_EQ(store().Redeem(Sha256("3HBP4Z3ECICZ"), user, kNow)->result, RedeemResult::kRedeemed);
  EXPECT_EQ(store().Redeem(Sha256("3HBP4Z3ECICZ"), user, kNow + absl::Hours(24 * 8))->result,
            RedeemResult::kAlreadyRedeemed);
}

TEST_P(InviteStoreTest, RedeemThatChangesNoTierDoesNotWriteTheUser) {
  InviteCode lifetime = Code("LIFETIME01", 5);
  lifetime.subscription_days = 0;  // Premium that never lapses...
  ASSERT_TRUE(store().Create(lifetime).ok());
  ASSERT_TRUE(store().Create(Code("MONTHLY001", 5)).ok());  // ...beats a 30-day Premium.
  const std::string user = NewUser(42);
  ASSERT_EQ(store().Redeem(Sha256("LIFETIME01"), user, kNow)->result, RedeemResult::kRedeemed);
  const UserRecord before = UserOf(42);
  absl::StatusOr<Redemption> r = store().Redeem(Sha256("MONTHLY001"), user, kNow + absl::Hours(1));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->result, RedeemResult::kRedeemed);
  EXPECT_EQ(r->subscription, (Subscription{.tier = "Premium"}));
  EXPECT_EQ(UserOf(42).updated_at, before.updated_at);
  EXPECT_EQ(store().Find(Sha256("MONTHLY001"))->uses, 1);
}

TEST_P(InviteStoreTest, RedeemForUnknownUserReturnsNotFound) {
  ASSERT_TRUE(store().Create(Code("3HBP4Z3ECICZ")).ok());
  EXPECT_TRUE(absl::IsNotFound(
      store()
          .Redeem(Sha256("3HBP4Z3ECICZ"), "0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b", kNow)
          .status()));
  EXPECT_TRUE(
      absl::IsNotFound(store().Redeem(Sha256("3HBP4Z3ECICZ"), "not-a-uuid", kNow).status()));
  EXPECT_EQ(store().Find(Sha256("3HBP4Z3ECICZ"))->uses, 0);
}

TEST_P(InviteStoreTest, ConcurrentRedeemersOfASingleUseCodeGetItExactlyOnce) {
  ASSERT_TRUE(store().Create(Code("3HBP4Z3ECICZ")).ok());
  std::vector<std::string> user_ids;
  for (int i = 0; i < kThreads; ++i) user_ids.push_back(NewUser(100 + i));
  std::atomic<int> redeemed = 0, used_up = 0;
  absl::Barrier start(kThreads);  // Every thread leaves it together.
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.Block();
      absl::StatusOr<Redemption> r = store().Redeem(Sha256("3HBP4Z3ECICZ"), user_ids[i], kNow);
      if (r.ok() && r->result == RedeemResult::kRedeemed) ++redeemed;
      if (r.ok() && r->result == RedeemResult::kUsedUp) ++used_up;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(redeemed, 1);
  EXPECT_EQ(used_up, kThreads - 1);
  EXPECT_EQ(store().Find(Sha256("3HBP4Z3ECICZ"))->uses, 1);
  int with_tier = 0;
  for (int i = 0; i < kThreads; ++i) with_tier += UserOf(100 + i).subscription.tier.empty() ? 0 : 1;
  EXPECT_EQ(with_tier, 1);
}

TEST_P(InviteStoreTest, ConcurrentRepeatsBySameUserCountOnce) {
  ASSERT_TRUE(store().Create(Code("3HBP4Z3ECICZ", 100)).ok());
  const std::string user = NewUser(42);
  std::atomic<int> redeemed = 0, repeated = 0;
  absl::Barrier start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      start.Block();
      absl::StatusOr<Redemption> r = store().Redeem(Sha256("3HBP4Z3ECICZ"), user, kNow);
      if (r.ok() && r->result == RedeemResult::kRedeemed) ++redeemed;
      if (r.ok() && r->result == RedeemResult::kAlreadyRedeemed) ++repeated;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(redeemed, 1);
  EXPECT_EQ(repeated, kThreads - 1);
  EXPECT_EQ(store().Find(Sha256("3HBP4Z3ECICZ"))->uses, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, InviteStoreTest,
                         ::testing::Values(Impl<InviteStore>{"InMemory", MakeInMemory},
                                           Impl<InviteStore>{"Postgres", MakePostgres}),
                         BackendName<InviteStore>);

TEST(SubscriptionTest, ActivateReplacesAnotherTierAndKeepsTheLongerOfTheSame) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  const Subscription gold{.tier = "Gold", .expires_at = now + absl::Hours(24 * 365)};
  EXPECT_EQ(Activate(gold, "Premium", 30, now),
            (Subscription{.tier = "Premium", .expires_at = now + absl::Hours(24 * 30)}));
  const Subscription premium_year{.tier = "Premium", .expires_at = now + absl::Hours(24 * 365)};
  EXPECT_EQ(Activate(premium_year, "Premium", 30, now), premium_year);
  EXPECT_EQ(Activate(premium_year, "Premium", 0, now), (Subscription{.tier = "Premium"}));
  // A lapsed tier counts as none.
  const Subscription lapsed{.tier = "Premium", .expires_at = now - absl::Seconds(1)};
  EXPECT_EQ(Activate(lapsed, "Premium", 30, now).expires_at, now + absl::Hours(24 * 30));
  EXPECT_EQ(InForce(lapsed, now), Subscription{});
  EXPECT_EQ(InForce(premium_year, now), premium_year);
}

}  // namespace
}  // namespace tgauth::storage
