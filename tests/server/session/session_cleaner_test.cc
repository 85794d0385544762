// SessionCleaner: what one pass deletes and keeps, batching, and outages.
#include "server/session/session_cleaner.h"

#include "gtest/gtest.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth {
namespace {

using testing::SessionTestHarness;

constexpr absl::Duration kDay = absl::Hours(24);

class SessionCleanerTest : public ::testing::Test {
 protected:
  SessionCleaner Cleaner(int batch_size = 500) {
    return SessionCleaner({.interval = absl::Minutes(5),
                           .ended_session_retention = 7 * kDay,
                           .batch_size = batch_size},
                          h_.sessions, h_.clock);
  }

  SessionTestHarness h_;
};

TEST_F(SessionCleanerTest, KeepsRotatedTokensUntilTheirIdleExpiryThenDeletesThem) {
  const IssuedSession signed_in = h_.SignIn();
  ASSERT_TRUE(h_.refresher.Refresh(signed_in.refresh_token, testing::kClientIp).ok());
  h_.clock.Advance(29 * kDay);
  absl::StatusOr<CleanupCounts> counts = Cleaner().RunOnce();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->refresh_tokens, 0);  // Reuse detection still needs it.

  h_.clock.Advance(2 * kDay);
  counts = Cleaner().RunOnce();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->refresh_tokens, 1);
  EXPECT_EQ(counts->sessions, 0);  // Idled out a day ago: still retained.
  EXPECT_EQ(h_.sessions.RefreshTokenCount(), 1);
}

TEST_F(SessionCleanerTest, DeletesEndedSessionsOnlyAfterTheRetentionPeriod) {
  const IssuedSession revoked = h_.SignIn();
  const IssuedSession active = h_.SignIn(testing::Ada(), "PC");
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(revoked.refresh_token, "203.0.113.9").ok());
  h_.clock.Advance(6 * kDay);
  EXPECT_EQ(Cleaner().RunOnce()->sessions, 0);
  h_.clock.Advance(2 * kDay);
  EXPECT_EQ(Cleaner().RunOnce()->sessions, 1);
  EXPECT_EQ(h_.sessions.Get(revoked.session_id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(h_.sessions.Get(active.session_id).ok());

  h_.clock.Advance(28 * kDay);  // The PC idled out 6 days ago (day 30): still retained.
  EXPECT_EQ(Cleaner().RunOnce()->sessions, 0);
  h_.clock.Advance(2 * kDay);
  EXPECT_EQ(Cleaner().RunOnce()->sessions, 1);
}

TEST_F(SessionCleanerTest, DeletesInBatchesUntilABatchComesBackShort) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(h_.manager.RevokeByRefreshToken(h_.SignIn().refresh_token, "203.0.113.9").ok());
  }
  h_.clock.Advance(8 * kDay);
  absl::StatusOr<CleanupCounts> counts = Cleaner(/*batch_size=*/2).RunOnce();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->sessions, 5);
}

TEST_F(SessionCleanerTest, StoreOutageIsReturnedAndTheNextPassCatchesUp) {
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(h_.SignIn().refresh_token, "203.0.113.9").ok());
  h_.clock.Advance(8 * kDay);
  h_.sessions.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(Cleaner().RunOnce().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Cleaner().RunOnce()->sessions, 1);
}

TEST_F(SessionCleanerTest, StopEndsTheThreadWithoutWaitingForTheInterval) {
  SessionCleaner cleaner({.interval = absl::Hours(1)}, h_.sessions, h_.clock);
  ASSERT_TRUE(cleaner.Start().ok());
  cleaner.Stop();  // Returns at once: the test would time out otherwise.
}

TEST_F(SessionCleanerTest, StartedCleanerPassesAtOnceThenEveryIntervalUntilStopped) {
  const IssuedSession first = h_.SignIn();
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(first.refresh_token, "203.0.113.9").ok());
  h_.clock.Advance(8 * kDay);
  SessionCleaner cleaner = Cleaner();
  ASSERT_TRUE(cleaner.Start().ok());
  h_.clock.Advance(absl::ZeroDuration());  // The first pass is due at once.
  EXPECT_EQ(h_.sessions.Get(first.session_id).status().code(), absl::StatusCode::kNotFound);

  const IssuedSession second = h_.SignIn(testing::Grace(), "PC");
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(second.refresh_token, "203.0.113.9").ok());
  h_.clock.Advance(7 * kDay - absl::Minutes(1));
  EXPECT_TRUE(h_.sessions.Get(second.session_id).ok());  // Still retained.
  h_.clock.Advance(absl::Minutes(6));  // Past retention, and a pass (every 5 minutes) ran.
  EXPECT_EQ(h_.sessions.Get(second.session_id).status().code(), absl::StatusCode::kNotFound);

  cleaner.Stop();
  const IssuedSession third = h_.SignIn();
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(third.refresh_token, "203.0.113.9").ok());
  h_.clock.Advance(8 * kDay);
  EXPECT_TRUE(h_.sessions.Get(third.session_id).ok());  // No pass after Stop().
}

}  // namespace
}  // namespace tgauth
