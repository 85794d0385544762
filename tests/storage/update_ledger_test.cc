// UpdateLedger conformance: the same tests for InMemoryUpdateLedger (time
// moved by a FakeClock) and RedisUpdateLedger (short leases, bounded polling).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_update_ledger.h"
#include "storage/redis/redis_update_ledger.h"
#include "storage/store_call_observer.h"
#include "tests/storage/conformance.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

constexpr absl::Duration kLease = absl::Seconds(30);
constexpr absl::Duration kRetention = absl::Hours(24);

// True if the claim succeeded; records a failure if the call failed.
bool Claimed(const absl::StatusOr<ClaimResult>& claim) {
  EXPECT_TRUE(claim.ok()) << claim.status();
  return claim.ok() && claim->claim == UpdateClaim::kClaimed;
}

class UpdateLedgerTest : public ConformanceTest<UpdateLedger> {
 protected:
  UpdateLedger& ledger() { return store(); }

  // Lets time pass in steps until `update_id` can be claimed again.
  bool ClaimableWithin(int64_t update_id, absl::Duration limit) {
    for (absl::Duration waited; waited < limit; waited += absl::Milliseconds(10)) {
      absl::StatusOr<ClaimResult> claimed = ledger().Claim(update_id, kLease);
      if (claimed.ok() && claimed->claim == UpdateClaim::kClaimed) return true;
      backend_.pass_time(absl::Milliseconds(10));
    }
    return false;
  }
};

TEST_P(UpdateLedgerTest, FirstClaimWinsAndSecondLoses) {
  EXPECT_TRUE(Claimed(ledger().Claim(1, kLease)));
  EXPECT_FALSE(Claimed(ledger().Claim(1, kLease)));
  EXPECT_TRUE(Claimed(ledger().Claim(2, kLease)));
}

TEST_P(UpdateLedgerTest, ClaimOfProcessedUpdateReturnsFalse) {
  ASSERT_TRUE(Claimed(ledger().Claim(1, kLease)));
  ASSERT_TRUE(ledger().MarkProcessed(1, "", kRetention).ok());
  EXPECT_FALSE(Claimed(ledger().Claim(1, kLease)));
}

TEST_P(UpdateLedgerTest, ClaimAfterReleaseReturnsTrue) {
  ASSERT_TRUE(Claimed(ledger().Claim(1, kLease)));
  ASSERT_TRUE(ledger().Release(1).ok());
  EXPECT_TRUE(Claimed(ledger().Claim(1, kLease)));
}

TEST_P(UpdateLedgerTest, ReleaseOfProcessedUpdateKeepsItProcessed) {
  ASSERT_TRUE(Claimed(ledger().Claim(1, kLease)));
  ASSERT_TRUE(ledger().MarkProcessed(1, "", kRetention).ok());
  ASSERT_TRUE(ledger().Release(1).ok());
  EXPECT_FALSE(Claimed(ledger().Claim(1, kLease)));
}

TEST_P(UpdateLedgerTest, ClaimSaysWhetherTheUpdateIsProcessedOrStillInProgress) {
  ASSERT_TRUE(Claimed(ledger().Claim(1, kLease)));
  EXPECT_EQ(ledger().Claim(1, kLease)->claim, UpdateClaim::kInProgress);
  ASSERT_TRUE(ledger().MarkProcessed(1, "", kRetention).ok());
  EXPECT_EQ(ledger().Claim(1, kLease)->claim, UpdateClaim::kProcessed);
}

TEST_P(UpdateLedgerTest, ProcessedUpdateKeepsTheReplyMarkedWithIt) {
  // Opaque bytes, NUL and the marker's own text included.
  const std::string reply("done\0processing\xff reply", 22);
  ASSERT_TRUE(Claimed(ledger().Claim(1, kLease)));
  ASSERT_TRUE(Claimed(ledger().Claim(2, kLease)));
  ASSERT_TRUE(ledger().MarkProcessed(1, reply, kRetention).ok());
  ASSERT_TRUE(ledger().MarkProcessed(2, "", kRetention).ok());
  absl::StatusOr<ClaimResult> again = ledger().Claim(1, kLease);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->claim, UpdateClaim::kProcessed);
  EXPECT_EQ(again->reply, reply);
  EXPECT_EQ(ledger().Claim(2, kLease)->reply, "");
}

TEST_P(UpdateLedgerTest, ReleaseOfUnknownUpdateSucceeds) { EXPECT_TRUE(ledger().Release(9).ok()); }

TEST_P(UpdateLedgerTest, RenewedClaimOutlastsItsFirstLease) {
  ASSERT_TRUE(Claimed(ledger().Claim(1, absl::Milliseconds(300))));
  ASSERT_TRUE(ledger().Renew(1, kLease).ok());
  backend_.pass_time(absl::Milliseconds(500));
  EXPECT_EQ(ledger().Claim(1, kLease)->claim, UpdateClaim::kInProgress);
}

TEST_P(UpdateLedgerTest, RenewKeepsAProcessedUpdateProcessed) {
  ASSERT_TRUE(Claimed(ledger().Claim(1, kLease)));
  ASSERT_TRUE(ledger().MarkProcessed(1, "", kRetention).ok());
  ASSERT_TRUE(ledger().Renew(1, absl::Milliseconds(50)).ok());
  backend_.pass_time(absl::Milliseconds(200));
  EXPECT_EQ(ledger().Claim(1, kLease)->claim, UpdateClaim::kProcessed);
}

TEST_P(UpdateLedgerTest, ClaimAfterLeaseEndsReturnsTrue) {
  ASSERT_TRUE(Claimed(ledger().Claim(1, absl::Milliseconds(50))));
  EXPECT_TRUE(ClaimableWithin(1, absl::Seconds(2)));
}

TEST_P(UpdateLedgerTest, ProcessedUpdateIsForgottenAfterRetention) {
  ASSERT_TRUE(Claimed(ledger().Claim(1, kLease)));
  ASSERT_TRUE(ledger().MarkProcessed(1, "", absl::Milliseconds(50)).ok());
  EXPECT_TRUE(ClaimableWithin(1, absl::Seconds(2)));
}

TEST_P(UpdateLedgerTest, NonPositiveLeaseReturnsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(ledger().Claim(1, absl::ZeroDuration()).status()));
}

INSTANTIATE_TEST_SUITE_P(
    Stores, UpdateLedgerTest,
    ::testing::Values(
        Impl<UpdateLedger>{"InMemory", FakeOnFakeClock<UpdateLedger, InMemoryUpdateLedger>},
        Impl<UpdateLedger>{"Redis", RealOnTestRedis<UpdateLedger, RedisUpdateLedger>}),
    BackendName<UpdateLedger>);

// The Redis commands a client sends, by name (StoreCallObserver).
class CommandLog final : public StoreCallObserver {
 public:
  void OnStoreCall(StoreKind, absl::string_view operation, absl::Duration, bool) override {
    absl::MutexLock lock(&mu_);
    commands_.emplace_back(operation);
  }
  std::vector<std::string> commands() const {
    absl::MutexLock lock(&mu_);
    return commands_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<std::string> commands_ ABSL_GUARDED_BY(mu_);
};

// Every webhook update is claimed: a claim is one plain command, not a
// script that runs SET and GET (each counts in Redis).
TEST(RedisUpdateLedgerTest, AClaimIsOneSetWhatEverItFinds) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  CommandLog log;
  redis->SetObserver(log);
  RedisUpdateLedger ledger(*redis, RandomKeyPrefix());
  EXPECT_TRUE(Claimed(ledger.Claim(1, kLease)));
  EXPECT_EQ(ledger.Claim(1, kLease)->claim, UpdateClaim::kInProgress);
  ASSERT_TRUE(ledger.MarkProcessed(1, "reply", kRetention).ok());
  absl::StatusOr<ClaimResult> processed = ledger.Claim(1, kLease);
  ASSERT_TRUE(processed.ok()) << processed.status();
  EXPECT_EQ(processed->claim, UpdateClaim::kProcessed);
  EXPECT_EQ(processed->reply, "reply");
  EXPECT_THAT(log.commands(), ::testing::ElementsAre("SET", "SET", "SET", "SET"));
}

TEST(InMemoryUpdateLedgerTest, InjectedFailureIsReturned) {
  FakeClock clock;
  InMemoryUpdateLedger ledger(clock);
  ledger.FailNextCalls(absl::UnavailableError("redis unavailable"), 1);
  EXPECT_TRUE(absl::IsUnavailable(ledger.Claim(1, kLease).status()));
  EXPECT_TRUE(Claimed(ledger.Claim(1, kLease)));
}

}  // namespace
}  // namespace tgauth::storage
