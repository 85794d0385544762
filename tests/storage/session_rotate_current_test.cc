// SessionStore conformance, refresh token rotation in one round trip:
// RotateCurrent rotates the current token of a live session as Refresh
// would and leaves every other token, unchanged, to Refresh. The same tests
// for InMemorySessionStore and PostgresSessionStore.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/storage/session_store_fixture.h"

namespace tgauth::storage {
namespace {

RefreshDecision DoNothing(const RefreshChain&) { return RefreshDecision::Nothing(); }

using SessionRotateCurrentTest = SessionStoreFixture;

TEST_P(SessionRotateCurrentTest, CurrentTokenRotatesAndReturnsTheChainAsItWas) {
  const NewSession s = SessionOf(NewUser(7000000001));
  const std::string id = CreateSession(s);
  const absl::Time now = kNow + absl::Microseconds(3'000'001);
  const std::string successor = Sha256(*NewToken());
  absl::StatusOr<RefreshChain> chain =
      sessions().RotateCurrent(s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
                               RefreshDecision::Rotate(now, successor, now + absl::Hours(24)));
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ(chain->session.id, id);
  EXPECT_EQ(chain->session.user_id, s.user_id);
  EXPECT_EQ(chain->session.expires_at, s.expires_at);
  EXPECT_EQ(chain->telegram_id, 7000000001);
  ASSERT_EQ(chain->tokens.size(), 1u);
  EXPECT_EQ(chain->tokens[0].token_hash, s.refresh_token_hash);
  EXPECT_FALSE(chain->tokens[0].rotated_at.has_value());

  // What Refresh now reads: the same rotation as RefreshDecision::Rotate.
  absl::StatusOr<RefreshChain> after =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_EQ(after->tokens.size(), 2u);
  EXPECT_EQ(after->tokens[0].rotated_at, now);
  EXPECT_EQ(after->tokens[0].replaced_by, successor);
  EXPECT_EQ(after->tokens[1].token_hash, successor);
  EXPECT_EQ(after->tokens[1].created_at, now);
  EXPECT_EQ(after->tokens[1].expires_at, now + absl::Hours(24));
  EXPECT_EQ(after->session.last_refreshed_at, now);
  EXPECT_EQ(after->session.refresh_token_expires_at, now + absl::Hours(24));
}

TEST_P(SessionRotateCurrentTest, ChainCarriesTheUsersStoredSubscription) {
  const std::string user_id = NewUser(7000000002);
  Subscribe(user_id, "Premium", 30);
  const NewSession s = SessionOf(user_id);
  CreateSession(s);
  absl::StatusOr<RefreshChain> chain = sessions().RotateCurrent(
      s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
      RefreshDecision::Rotate(kNow, Sha256(*NewToken()), kNow + absl::Hours(1)));
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ(chain->subscription.tier, "Premium");
  EXPECT_TRUE(chain->subscription.expires_at.has_value());
}

TEST_P(SessionRotateCurrentTest, SuccessorExpiresNoLaterThanItsSession) {
  const NewSession s = SessionOf(NewUser(1));
  CreateSession(s);
  const std::string successor = Sha256(*NewToken());
  ASSERT_TRUE(
      sessions()
          .RotateCurrent(s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
                         RefreshDecision::Rotate(kNow, successor, s.expires_at + absl::Hours(1)))
          .ok());
  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(successor, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ(chain->tokens[0].expires_at, s.expires_at);
}

TEST_P(SessionRotateCurrentTest, UnknownTokenReturnsNotFound) {
  CreateSession(SessionOf(NewUser(1)));
  absl::StatusOr<RefreshChain> chain = sessions().RotateCurrent(
      Sha256("unknown"), RefreshTokenHolder::FirstParty(),
      RefreshDecision::Rotate(kNow, Sha256("next"), kNow + absl::Hours(1)));
  EXPECT_TRUE(absl::IsNotFound(chain.status())) << chain.status();
}

// Each case RotateCurrent leaves to Refresh: it answers FAILED_PRECONDITION
// and writes nothing.
TEST_P(SessionRotateCurrentTest, OtherTokensAreLeftToRefreshUnchanged) {
  const NewSession rotated = SessionOf(NewUser(1));
  CreateSession(rotated);
  Rotate(rotated.refresh_token_hash, kNow);
  const NewSession revoked = SessionOf(NewUser(2));
  const std::string revoked_id = CreateSession(revoked);
  ASSERT_TRUE(sessions().Revoke(revoked_id, kNow, "logout").ok());
  const NewSession idle = SessionOf(NewUser(3));  // Its token expires after 7 days.
  CreateSession(idle);
  const NewSession ended = SessionOf(NewUser(4), -absl::Hours(24 * 31));
  CreateSession(ended);
  const absl::Time eight_days_on = kNow + absl::Hours(24 * 8);
  const std::vector<std::pair<const NewSession*, absl::Time>> cases = {
      {&rotated, kNow}, {&revoked, kNow}, {&idle, eight_days_on}, {&ended, kNow}};
  for (const auto& [session, now] : cases) {
    const std::string successor = Sha256(*NewToken());
    absl::StatusOr<RefreshChain> chain =
        sessions().RotateCurrent(session->refresh_token_hash, RefreshTokenHolder::FirstParty(),
                                 RefreshDecision::Rotate(now, successor, now + absl::Hours(1)));
    EXPECT_TRUE(absl::IsFailedPrecondition(chain.status())) << chain.status();
    EXPECT_TRUE(absl::IsNotFound(
        sessions().Refresh(successor, RefreshTokenHolder::FirstParty(), DoNothing).status()));
  }
  EXPECT_EQ(sessions()
                .Refresh(rotated.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing)
                ->tokens.size(),
            2u);
}

TEST_P(SessionRotateCurrentTest, TakenSuccessorHashReturnsAlreadyExistsAndWritesNothing) {
  const NewSession a = SessionOf(NewUser(1));
  const NewSession b = SessionOf(NewUser(2));
  CreateSession(a);
  CreateSession(b);
  absl::StatusOr<RefreshChain> chain = sessions().RotateCurrent(
      a.refresh_token_hash, RefreshTokenHolder::FirstParty(),
      RefreshDecision::Rotate(kNow, b.refresh_token_hash, kNow + absl::Hours(1)));
  EXPECT_TRUE(absl::IsAlreadyExists(chain.status())) << chain.status();
  absl::StatusOr<RefreshChain> unchanged =
      sessions().Refresh(a.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(unchanged.ok()) << unchanged.status();
  EXPECT_FALSE(unchanged->tokens[0].rotated_at.has_value());
}

TEST_P(SessionRotateCurrentTest, NoRotationIsInvalidArgument) {
  const NewSession s = SessionOf(NewUser(1));
  CreateSession(s);
  EXPECT_TRUE(absl::IsInvalidArgument(sessions()
                                          .RotateCurrent(s.refresh_token_hash,
                                                         RefreshTokenHolder::FirstParty(),
                                                         RefreshDecision::Nothing())
                                          .status()));
}

// With the session locked, exactly one rotates; every other call finds the
// token rotated and leaves it to Refresh.
TEST_P(SessionRotateCurrentTest, ConcurrentRotationsOfOneTokenRotateExactlyOnce) {
  const NewSession s = SessionOf(NewUser(1));
  CreateSession(s);
  constexpr int kThreads = 16;
  std::atomic<int> rotations = 0, left = 0, failures = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<RefreshChain> chain = sessions().RotateCurrent(
          s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
          RefreshDecision::Rotate(kNow, Sha256(absl::StrCat("successor ", i)),
                                  kNow + absl::Hours(1)));
      if (chain.ok()) {
        ++rotations;
      } else if (absl::IsFailedPrecondition(chain.status())) {
        ++left;
      } else {
        ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(rotations, 1);
  EXPECT_EQ(left, kThreads - 1);
  EXPECT_EQ(sessions()
                .Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing)
                ->tokens.size(),
            2u);
}

TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(SessionRotateCurrentTest);

}  // namespace
}  // namespace tgauth::storage
