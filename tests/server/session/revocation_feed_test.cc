// RevocationFeed: what it reads, from when, and failing closed when the log
// is unreachable.
#include "server/session/revocation_feed.h"

#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;

// A log in commit order: revocations[i] committed as the i+1st, and a
// cursor is how many had committed. Remembers what it was asked and fails
// on demand.
class FakeRevocationLog final : public storage::SessionRevocationLog {
 public:
  absl::StatusOr<storage::RevocationBatch> RevokedAfter(uint64_t cursor,
                                                        absl::Time not_before) override {
    asked.push_back({cursor, not_before});
    if (!available) return absl::UnavailableError("database down");
    storage::RevocationBatch batch{.cursor = revocations.size()};
    for (uint64_t i = cursor; i < revocations.size(); ++i) {
      if (revocations[i].revoked_at >= not_before) batch.revocations.push_back(revocations[i]);
    }
    return batch;
  }

  std::vector<storage::SessionRevocation> revocations;
  std::vector<std::pair<uint64_t, absl::Time>> asked;
  bool available = true;
};

class RevocationFeedTest : public ::testing::Test {
 protected:
  bool IsRevoked(const char* id) { return *revoked_.IsRevoked(id, clock_.Now(), absl::Seconds(1)); }

  FakeClock clock_;
  FakeRevocationLog log_;
  RevokedSessions revoked_;
  RevocationFeed feed_{{.remember_for = absl::Minutes(16)}, log_, revoked_, clock_};
};

TEST_F(RevocationFeedTest, EachPollGoesOnFromTheCursorOfTheLastWithinOneRememberPeriod) {
  const absl::Time start = clock_.Now();
  log_.revocations.push_back({"s1", start});
  ASSERT_TRUE(feed_.PollOnce().ok());
  clock_.Advance(absl::Milliseconds(250));
  ASSERT_TRUE(feed_.PollOnce().ok());
  EXPECT_THAT(log_.asked, ElementsAre(std::pair<uint64_t, absl::Time>{0, start - absl::Minutes(16)},
                                      std::pair<uint64_t, absl::Time>{
                                          1, start + absl::Milliseconds(250) - absl::Minutes(16)}));
}

TEST_F(RevocationFeedTest, RevocationThatCommitsLateIsSeenOnTheNextPoll) {
  ASSERT_TRUE(feed_.PollOnce().ok());
  clock_.Advance(absl::Minutes(1));
  ASSERT_TRUE(feed_.PollOnce().ok());
  EXPECT_FALSE(IsRevoked("s1"));
  // Stamped a minute ago, before polls that did not see it yet: its
  // transaction commits only now.
  log_.revocations.push_back({"s1", clock_.Now() - absl::Minutes(1)});
  clock_.Advance(absl::Milliseconds(250));
  ASSERT_TRUE(feed_.PollOnce().ok());
  EXPECT_TRUE(IsRevoked("s1"));
}

TEST_F(RevocationFeedTest, RevokedSessionIsForgottenOnceItsTokensHaveExpired) {
  log_.revocations.push_back({"s1", clock_.Now()});
  ASSERT_TRUE(feed_.PollOnce().ok());
  EXPECT_EQ(revoked_.size(), 1u);
  log_.revocations.clear();
  clock_.Advance(absl::Minutes(16) + absl::Seconds(1));
  ASSERT_TRUE(feed_.PollOnce().ok());
  EXPECT_EQ(revoked_.size(), 0u);
}

TEST_F(RevocationFeedTest, OutageMakesTheListStaleAndValidationFailClosed) {
  ASSERT_TRUE(feed_.PollOnce().ok());
  log_.available = false;
  clock_.Advance(absl::Milliseconds(600));
  EXPECT_EQ(feed_.PollOnce().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(revoked_.IsRevoked("s1", clock_.Now(), absl::Seconds(1)).ok());
  clock_.Advance(absl::Milliseconds(600));
  EXPECT_EQ(revoked_.IsRevoked("s1", clock_.Now(), absl::Seconds(1)).status().code(),
            absl::StatusCode::kUnavailable);
  log_.available = true;
  ASSERT_TRUE(feed_.PollOnce().ok());
  EXPECT_FALSE(IsRevoked("s1"));
}

TEST_F(RevocationFeedTest, SessionRevokedHereIsRefusedEvenWhileTheListIsStale) {
  revoked_.Add("s1", clock_.Now() + absl::Minutes(16));
  clock_.Advance(absl::Minutes(1));
  EXPECT_TRUE(*revoked_.IsRevoked("s1", clock_.Now(), absl::Seconds(1)));
}

TEST_F(RevocationFeedTest, StartedFeedPollsEveryPollIntervalUntilStopped) {
  RevocationFeed feed({.poll_interval = absl::Milliseconds(250)}, log_, revoked_, clock_);
  ASSERT_TRUE(feed.Start().ok());
  EXPECT_EQ(log_.asked.size(), 1u);  // Start polls at once.
  log_.revocations.push_back({"s1", clock_.Now()});
  clock_.Advance(absl::Milliseconds(249));
  EXPECT_EQ(log_.asked.size(), 1u);
  EXPECT_FALSE(IsRevoked("s1"));
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_EQ(log_.asked.size(), 2u);
  EXPECT_TRUE(IsRevoked("s1"));
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(log_.asked.size(), 6u);
  feed.Stop();
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(log_.asked.size(), 6u);
}

TEST_F(RevocationFeedTest, StartedFeedKeepsPollingThroughAnOutage) {
  RevocationFeed feed({.poll_interval = absl::Milliseconds(250)}, log_, revoked_, clock_);
  log_.available = false;
  EXPECT_EQ(feed.Start().code(), absl::StatusCode::kUnavailable);
  log_.available = true;
  log_.revocations.push_back({"s1", clock_.Now()});
  clock_.Advance(absl::Milliseconds(250));
  EXPECT_TRUE(IsRevoked("s1"));
}

}  // namespace
}  // namespace tgauth
