// SignedDataLedger conformance: the same tests for InMemorySignedDataLedger
// and RedisSignedDataLedger.
#include "storage/signed_data_ledger.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_signed_data_ledger.h"
#include "storage/redis/redis_signed_data_ledger.h"
#include "tests/storage/conformance.h"

namespace tgauth::storage {
namespace {

constexpr absl::Duration kRetention = absl::Hours(1);
constexpr absl::string_view kDigest =
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

// The claim's answer; records a failure if the call failed.
bool Claimed(const absl::StatusOr<bool>& claimed) {
  EXPECT_TRUE(claimed.ok()) << claimed.status();
  return claimed.ok() && *claimed;
}

class SignedDataLedgerTest : public ConformanceTest<SignedDataLedger> {
 protected:
  // Lets time pass in steps until `digest` can be claimed again.
  bool ClaimableAgainWithin(absl::string_view digest, absl::Duration limit) {
    for (absl::Duration waited; waited < limit; waited += absl::Milliseconds(10)) {
      if (Claimed(store().Claim(digest, kRetention))) return true;
      backend_.pass_time(absl::Milliseconds(10));
    }
    return false;
  }
};

TEST_P(SignedDataLedgerTest, FirstClaimWinsAndASecondIsRefused) {
  EXPECT_TRUE(Claimed(store().Claim(kDigest, kRetention)));
  EXPECT_FALSE(Claimed(store().Claim(kDigest, kRetention)));
}

TEST_P(SignedDataLedgerTest, DigestsAreSeparate) {
  ASSERT_TRUE(Claimed(store().Claim(kDigest, kRetention)));
  EXPECT_TRUE(Claimed(store().Claim("another digest", kRetention)));
}

TEST_P(SignedDataLedgerTest, DigestIsForgottenAfterItsRetention) {
  ASSERT_TRUE(Claimed(store().Claim(kDigest, absl::Milliseconds(100))));
  EXPECT_TRUE(ClaimableAgainWithin(kDigest, absl::Seconds(3)));
}

TEST_P(SignedDataLedgerTest, ReleasedDigestCanBeClaimedAgain) {
  ASSERT_TRUE(Claimed(store().Claim(kDigest, kRetention)));
  ASSERT_TRUE(store().Release(kDigest).ok());
  EXPECT_TRUE(Claimed(store().Claim(kDigest, kRetention)));
  EXPECT_TRUE(store().Release("never claimed").ok());
}

TEST_P(SignedDataLedgerTest, ConcurrentClaimsHaveExactlyOneWinner) {
  std::atomic<int> winners = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (Claimed(store().Claim(kDigest, kRetention))) ++winners;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(winners, 1);
}

TEST_P(SignedDataLedgerTest, NonPositiveRetentionIsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(store().Claim(kDigest, absl::ZeroDuration()).status()));
}

INSTANTIATE_TEST_SUITE_P(
    Stores, SignedDataLedgerTest,
    ::testing::Values(
        Impl<SignedDataLedger>{"InMemory",
                               FakeOnFakeClock<SignedDataLedger, InMemorySignedDataLedger>},
        Impl<SignedDataLedger>{"Redis", RealOnTestRedis<SignedDataLedger, RedisSignedDataLedger>}),
    BackendName<SignedDataLedger>);

}  // namespace
}  // namespace tgauth::storage
