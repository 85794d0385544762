// SessionRefresher: refresh token rotation, the grace window for concurrent
// tabs (including the walk along a chain of rotations), reuse detection, and
// a precise refusal for every other case that changes nothing.
#include "server/session/session_refresher.h"

#include <thread>
#include <vector>

#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth {
namespace {

using ::testing::Each;
using ::testing::Eq;
using ::testing::HasSubstr;
using testing::SessionTestHarness;

constexpr absl::Duration kDay = absl::Hours(24);

class SessionRefresherTest : public ::testing::Test {
 protected:
  absl::StatusOr<IssuedSession> Refresh(const std::string& refresh_token) {
    return h_.refresher.Refresh(refresh_token, testing::kClientIp);
  }
  // Refresh() that must succeed; its refresh token, "" after a failure.
  std::string Rotate(const std::string& refresh_token) {
    absl::StatusOr<IssuedSession> pair = Refresh(refresh_token);
    EXPECT_TRUE(pair.ok()) << pair.status();
    return pair.ok() ? pair->refresh_token : "";
  }
  // Expects `status` to be UNAUTHENTICATED saying `message`.
  static void ExpectUnauthenticated(const absl::Status& status, const std::string& message) {
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << status;
    EXPECT_EQ(status.message(), message);
  }

  SessionTestHarness h_;
};

TEST_F(SessionRefresherTest, RefreshReturnsANewPairAndKeepsTheOldTokenLinked) {
  const IssuedSession signed_in = h_.SignIn();
  h_.clock.Advance(absl::Minutes(20));
  absl::StatusOr<IssuedSession> pair = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_EQ(pair->session_id, signed_in.session_id);
  EXPECT_NE(pair->refresh_token, signed_in.refresh_token);
  EXPECT_TRUE(IsWellFormedToken(pair->refresh_token));
  EXPECT_EQ(pair->access_token_lifetime, absl::Minutes(15));

  absl::StatusOr<AccessTokenClaims> claims = h_.validator->Validate(pair->access_token);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->session_id, signed_in.session_id);
  EXPECT_EQ(claims->telegram_id, testing::Ada().telegram_id);
  EXPECT_EQ(claims->expires_at, h_.clock.Now() + absl::Minutes(15));

  const storage::SessionRecord session = h_.Stored(signed_in.session_id);
  EXPECT_EQ(session.last_refreshed_at, h_.clock.Now());
  EXPECT_EQ(session.refresh_token_expires_at, h_.clock.Now() + 30 * kDay);
  EXPECT_EQ(h_.sessions.RefreshTokenCount(), 2);  // Only hashes, the rotated one kept.
}

TEST_F(SessionRefresherTest, RefreshedAccessTokenKeepsTheSubscriptionTier) {
  h_.Subscribe(testing::Ada(), {.tier = "Premium", .expires_at = h_.clock.Now() + 30 * kDay});
  const IssuedSession signed_in = h_.SignIn();
  h_.clock.Advance(absl::Minutes(20));
  absl::StatusOr<IssuedSession> pair = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(pair.ok()) << pair.status();
  absl::StatusOr<AccessTokenClaims> claims = h_.validator->Validate(pair->access_token);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subscription_tier, "Premium");
}

TEST_F(SessionRefresherTest, RefreshedAccessTokenLosesALapsedTier) {
  h_.Subscribe(testing::Ada(), {.tier = "Premium", .expires_at = h_.clock.Now() + kDay});
  const IssuedSession signed_in = h_.SignIn();
  h_.clock.Advance(kDay);
  absl::StatusOr<IssuedSession> pair = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_EQ(h_.validator->Validate(pair->access_token)->subscription_tier, "");
}

TEST_F(SessionRefresherTest, NewRefreshTokenIsDerivedFromThePresentedOne) {
  const IssuedSession signed_in = h_.SignIn();
  EXPECT_EQ(Rotate(signed_in.refresh_token), *h_.rotation_key->Successor(signed_in.refresh_token));
}

TEST_F(SessionRefresherTest, ReplayWithinTheGraceWindowReturnsTheCurrentPairWithoutRotating) {
  const IssuedSession signed_in = h_.SignIn();
  const std::string current = Rotate(signed_in.refresh_token);
  h_.clock.Advance(absl::Seconds(5));

  absl::StatusOr<IssuedSession> replay = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->refresh_token, current);
  EXPECT_TRUE(h_.validator->Validate(replay->access_token).ok());
  EXPECT_EQ(h_.sessions.RefreshTokenCount(), 2);
  EXPECT_FALSE(h_.Stored(signed_in.session_id).revoked);
  EXPECT_FALSE(Rotate(current).empty());  // The current token still rotates.
}

TEST_F(SessionRefresherTest, ReplayWithinTheGraceWindowWalksTheChainToTheCurrentToken) {
  const IssuedSession signed_in = h_.SignIn();
  const std::string second = Rotate(signed_in.refresh_token);
  h_.clock.Advance(absl::Seconds(3));
  const std::string third = Rotate(second);
  h_.clock.Advance(absl::Seconds(3));
  const std::string fourth = Rotate(third);
  h_.clock.Advance(absl::Seconds(3));

  absl::StatusOr<IssuedSession> replay = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->refresh_token, fourth);
  EXPECT_EQ(Rotate(third), fourth);
  EXPECT_EQ(h_.sessions.RefreshTokenCount(), 4);
}

TEST_F(SessionRefresherTest, GraceWindowIncludesItsLastMoment) {
  const IssuedSession signed_in = h_.SignIn();
  // Two rotations: past the window, the first token is reuse, not a lost answer.
  const std::string current = Rotate(Rotate(signed_in.refresh_token));
  h_.clock.Advance(SessionTestHarness::kGracePeriod);
  EXPECT_EQ(Rotate(signed_in.refresh_token), current);
  h_.clock.Advance(absl::Microseconds(1));
  ExpectUnauthenticated(Refresh(signed_in.refresh_token).status(),
                        "refresh token reuse detected; the session has been revoked");
}

TEST_F(SessionRefresherTest, ConcurrentRefreshesOfOneTokenRotateOnceAndAllGetTheSamePair) {
  const IssuedSession signed_in = h_.SignIn();
  constexpr int kThreads = 50;
  std::vector<absl::StatusOr<IssuedSession>> pairs(kThreads, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { pairs[i] = Refresh(signed_in.refresh_token); });
  }
  for (std::thread& t : threads) t.join();
  std::vector<std::string> refresh_tokens;
  for (const absl::StatusOr<IssuedSession>& pair : pairs) {
    ASSERT_TRUE(pair.ok()) << pair.status();
    refresh_tokens.push_back(pair->refresh_token);
  }
  EXPECT_THAT(refresh_tokens, Each(Eq(refresh_tokens[0])));
  EXPECT_EQ(h_.sessions.RefreshTokenCount(), 2);  // Exactly one rotation.
}

TEST_F(SessionRefresherTest, LostAnswerReplayedAfterTheGraceWindowGetsTheCurrentPair) {
  const IssuedSession signed_in = h_.SignIn();
  // Rotated, but the answer never reached the client (an outage of 12 s).
  absl::StatusOr<IssuedSession> lost = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(lost.ok()) << lost.status();
  h_.clock.Advance(absl::Seconds(12));

  absl::StatusOr<IssuedSession> retry = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->refresh_token, lost->refresh_token);
  EXPECT_FALSE(h_.Stored(signed_in.session_id).revoked);
  EXPECT_EQ(h_.sessions.RefreshTokenCount(), 2);  // Not rotated again.
  EXPECT_TRUE(h_.validator->Validate(retry->access_token).ok());
  EXPECT_FALSE(Rotate(retry->refresh_token).empty());  // The client carries on.
}

TEST_F(SessionRefresherTest, PredecessorReplayedAfterItsSuccessorWasUsedIsReuse) {
  const IssuedSession signed_in = h_.SignIn();
  const std::string first = Rotate(signed_in.refresh_token);
  ASSERT_FALSE(Rotate(first).empty());
  h_.clock.Advance(absl::Seconds(11));
  // `first` was presented, so the answer to `signed_in` did arrive: whoever
  // replays it now holds a copy.
  ExpectUnauthenticated(Refresh(signed_in.refresh_token).status(),
                        "refresh token reuse detected; the session has been revoked");
  EXPECT_TRUE(h_.Stored(signed_in.session_id).revoked);
}

TEST_F(SessionRefresherTest, ReuseAfterTheGraceWindowRevokesTheSession) {
  const IssuedSession signed_in = h_.SignIn();
  // Several rotations old.
  absl::StatusOr<IssuedSession> current = Refresh(Rotate(Rotate(signed_in.refresh_token)));
  ASSERT_TRUE(current.ok()) << current.status();
  h_.clock.Advance(absl::Seconds(11));

  ExpectUnauthenticated(Refresh(signed_in.refresh_token).status(),
                        "refresh token reuse detected; the session has been revoked");
  const storage::SessionRecord session = h_.Stored(signed_in.session_id);
  EXPECT_TRUE(session.revoked);
  EXPECT_EQ(session.revoke_reason, "refresh_token_reuse");
  EXPECT_TRUE(h_.RememberedAsRevoked(signed_in.session_id));
  // The legitimate holder's pair is dead too: the thief may hold it.
  ExpectUnauthenticated(Refresh(current->refresh_token).status(), "session revoked");
  EXPECT_THAT(h_.validator->Validate(current->access_token).status().message(),
              HasSubstr("revoked"));
}

TEST_F(SessionRefresherTest, UnknownTokenIsRefusedAndChangesNothing) {
  const IssuedSession signed_in = h_.SignIn();
  ExpectUnauthenticated(Refresh(*NewToken()).status(), "unknown refresh token");
  EXPECT_EQ(h_.sessions.RefreshTokenCount(), 1);
  EXPECT_FALSE(h_.Stored(signed_in.session_id).last_refreshed_at.has_value());
}

TEST_F(SessionRefresherTest, MalformedTokenIsInvalidArgument) {
  h_.SignIn();
  const std::string too_long = *NewToken() + "A";
  for (const std::string& token :
       {std::string(), std::string("short"), too_long, std::string(42, 'A') + "+"}) {
    absl::Status status = Refresh(token).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << token << ": " << status;
    EXPECT_THAT(status.message(), HasSubstr("refresh_token is malformed"));
  }
}

TEST_F(SessionRefresherTest, IdleExpiredTokenIsRefusedAndChangesNothing) {
  const IssuedSession signed_in = h_.SignIn();
  h_.clock.Advance(30 * kDay);
  ExpectUnauthenticated(Refresh(signed_in.refresh_token).status(), "refresh token expired");
  const storage::SessionRecord session = h_.Stored(signed_in.session_id);
  EXPECT_FALSE(session.revoked);
  EXPECT_FALSE(session.last_refreshed_at.has_value());
  EXPECT_EQ(h_.sessions.RefreshTokenCount(), 1);
}

TEST_F(SessionRefresherTest, EachRefreshRestartsTheIdleLifetime) {
  std::string token = h_.SignIn().refresh_token;
  for (int i = 0; i < 3; ++i) {
    h_.clock.Advance(29 * kDay);
    token = Rotate(token);
  }
  h_.clock.Advance(29 * kDay);  // 116 days after sign-in: past the 90-day lifetime.
  ExpectUnauthenticated(Refresh(token).status(), "session expired");
}

TEST_F(SessionRefresherTest, SessionLifetimeCapsTheRefreshTokenAndTheAccessToken) {
  const IssuedSession signed_in = h_.SignIn();
  const absl::Time session_end = h_.Stored(signed_in.session_id).expires_at;
  std::string token = signed_in.refresh_token;
  for (int i = 0; i < 3; ++i) {
    h_.clock.Advance(29 * kDay);
    token = Rotate(token);
  }
  h_.clock.Advance(session_end - h_.clock.Now() - absl::Minutes(5));

  absl::StatusOr<IssuedSession> last = Refresh(token);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->access_token_lifetime, absl::Minutes(5));
  EXPECT_EQ(last->refresh_token_lifetime, absl::Minutes(5));
  EXPECT_EQ(h_.validator->Validate(last->access_token)->expires_at, session_end);
  EXPECT_EQ(h_.Stored(signed_in.session_id).refresh_token_expires_at, session_end);
  h_.clock.Advance(absl::Minutes(5));
  ExpectUnauthenticated(Refresh(last->refresh_token).status(), "session expired");
}

// What a client storing the refresh token (the gateway's session cookie)
// needs to know: how long this token stays usable.
TEST_F(SessionRefresherTest, EveryPairSaysHowLongItsRefreshTokenLasts) {
  const IssuedSession signed_in = h_.SignIn();
  EXPECT_EQ(signed_in.refresh_token_lifetime, 30 * kDay);
  h_.clock.Advance(absl::Minutes(20));
  absl::StatusOr<IssuedSession> rotated = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  EXPECT_EQ(rotated->refresh_token_lifetime, 30 * kDay);

  h_.clock.Advance(absl::Seconds(5));  // A replay within the grace window: the current token.
  absl::StatusOr<IssuedSession> replay = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->refresh_token_lifetime, 30 * kDay - absl::Seconds(5));
}

TEST_F(SessionRefresherTest, RevokedSessionIsRefusedAndChangesNothing) {
  const IssuedSession signed_in = h_.SignIn();
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(signed_in.refresh_token, "203.0.113.9").ok());
  ExpectUnauthenticated(Refresh(signed_in.refresh_token).status(), "session revoked");
  EXPECT_EQ(h_.Stored(signed_in.session_id).revoke_reason, "logout");
  EXPECT_EQ(h_.sessions.RefreshTokenCount(), 1);
}

TEST_F(SessionRefresherTest, ReplayOfATokenRotatedUnderAnotherKeyIsRefusedWithoutRevoking) {
  const IssuedSession signed_in = h_.SignIn();
  ASSERT_FALSE(Rotate(signed_in.refresh_token).empty());
  // Another replica, or this one restarted, without the shared key file.
  std::unique_ptr<RotationKey> other_key = *RotationKey::Generate();
  SessionRefresher other({.grace_period = absl::Seconds(10)}, h_.sessions, *other_key, *h_.signer,
                         h_.revoked, h_.limiter, h_.clock);
  ExpectUnauthenticated(other.Refresh(signed_in.refresh_token, testing::kClientIp).status(),
                        "refresh token was already rotated");
  EXPECT_FALSE(h_.Stored(signed_in.session_id).revoked);
}

TEST_F(SessionRefresherTest, StoreOutageIsUnavailable) {
  const IssuedSession signed_in = h_.SignIn();
  h_.sessions.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(Refresh(signed_in.refresh_token).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(Rotate(signed_in.refresh_token).empty());
}

TEST(RotationKeyTest, SuccessorIsAWellFormedTokenThatDependsOnKeyAndToken) {
  std::unique_ptr<RotationKey> key = *RotationKey::Generate();
  std::unique_ptr<RotationKey> other = *RotationKey::Generate();
  const std::string token = *NewToken();
  const std::string successor = *key->Successor(token);
  EXPECT_TRUE(IsWellFormedToken(successor)) << successor;
  EXPECT_EQ(*key->Successor(token), successor);
  EXPECT_NE(*other->Successor(token), successor);
  EXPECT_NE(*key->Successor(*NewToken()), successor);
}

TEST(RotationKeyTest, KeyFromBytesMatchesHmacSha256) {
  std::unique_ptr<RotationKey> key = *RotationKey::FromBytes(std::string(32, '\x0b'));
  // base64url(HMAC-SHA256(32 bytes of 0x0b, "Hi There")), computed with
  // Python's hmac module.
  EXPECT_EQ(*key->Successor("Hi There"), "GYpgfrRL-8aZA6Dxzyu9xboKo_PZrjwcejsWlqC2jPc");
}

TEST(RotationKeyTest, KeyShorterThan32BytesIsInvalidArgument) {
  absl::Status status = RotationKey::FromBytes(std::string(31, 'k')).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), HasSubstr("31 bytes"));
}

TEST_F(SessionRefresherTest, AddressOverItsFailedRefreshesIsRefusedUntilTheWindowEnds) {
  SessionRefresher limited({.grace_period = absl::Seconds(10),
                            .failures_per_ip = {.limit = 3, .window = absl::Minutes(10)}},
                           h_.sessions, *h_.rotation_key, *h_.signer, h_.revoked, h_.limiter,
                           h_.clock);
  const IssuedSession signed_in = h_.SignIn();
  constexpr char kGuesser[] = "198.51.100.23";
  for (int i = 0; i < 3; ++i) {
    const std::string guess = *NewToken();
    ExpectUnauthenticated(limited.Refresh(guess, kGuesser).status(), "unknown refresh token");
  }
  // Over the limit: even a valid token from that address is not tried, in
  // any spelling of it.
  for (const char* ip : {kGuesser, "::ffff:198.51.100.23"}) {
    absl::Status refused = limited.Refresh(signed_in.refresh_token, ip).status();
    EXPECT_TRUE(absl::IsResourceExhausted(refused)) << refused;
    EXPECT_THAT(refused.message(), HasSubstr("too many failed refreshes from this address"));
  }
  // Another address is not held back, and successes are not counted.
  absl::StatusOr<IssuedSession> other = limited.Refresh(signed_in.refresh_token, "198.51.100.24");
  ASSERT_TRUE(other.ok()) << other.status();
  h_.clock.Advance(absl::Minutes(10));
  EXPECT_TRUE(limited.Refresh(other->refresh_token, kGuesser).ok());
}

TEST_F(SessionRefresherTest, FailedRefreshesWithoutAnAddressShareOneLimit) {
  SessionRefresher limited({.grace_period = absl::Seconds(10),
                            .failures_per_ip = {.limit = 1, .window = absl::Minutes(10)}},
                           h_.sessions, *h_.rotation_key, *h_.signer, h_.revoked, h_.limiter,
                           h_.clock);
  const IssuedSession signed_in = h_.SignIn();
  EXPECT_TRUE(absl::IsInvalidArgument(limited.Refresh("malformed", "").status()));
  EXPECT_TRUE(absl::IsResourceExhausted(limited.Refresh(signed_in.refresh_token, "").status()));
  EXPECT_TRUE(
      absl::IsResourceExhausted(limited.Refresh(signed_in.refresh_token, "garbage").status()));
}

}  // namespace
}  // namespace tgauth
