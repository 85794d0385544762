// SessionStore conformance, refresh token rotation: what Refresh() reads under
// the session's lock and what it writes for each decision, the same tests for
// InMemorySessionStore and PostgresSessionStore.
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

using SessionRefreshTest = SessionStoreFixture;

TEST_P(SessionRefreshTest, UnknownTokenReturnsNotFoundWithoutDeciding) {
  CreateSession(SessionOf(NewUser(1)));
  bool decided = false;
  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(Sha256("unknown"), RefreshTokenHolder::FirstParty(), [&](const auto&) {
        decided = true;
        return RefreshDecision::Nothing();
      });
  EXPECT_TRUE(absl::IsNotFound(chain.status())) << chain.status();
  EXPECT_FALSE(decided);
}

TEST_P(SessionRefreshTest, CurrentTokenIsAChainOfOneWithItsSessionAndTelegramId) {
  const NewSession s = SessionOf(NewUser(7000000001));
  const std::string id = CreateSession(s);
  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ(chain->session.id, id);
  EXPECT_EQ(chain->session.user_id, s.user_id);
  EXPECT_EQ(chain->session.expires_at, s.expires_at);
  EXPECT_EQ(chain->telegram_id, 7000000001);
  ASSERT_EQ(chain->tokens.size(), 1u);
  EXPECT_EQ(chain->tokens[0].token_hash, s.refresh_token_hash);
  EXPECT_EQ(chain->tokens[0].created_at, s.created_at);
  EXPECT_EQ(chain->tokens[0].expires_at, s.refresh_token_expires_at);
  EXPECT_FALSE(chain->tokens[0].rotated_at.has_value());
  EXPECT_EQ(chain->tokens[0].replaced_by, "");
}

TEST_P(SessionRefreshTest, ChainCarriesTheUsersStoredSubscription) {
  const std::string user_id = NewUser(7000000002);
  Subscribe(user_id, "Premium", 30);
  const NewSession s = SessionOf(user_id);
  CreateSession(s);
  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ(chain->subscription.tier, "Premium");
  ASSERT_TRUE(chain->subscription.expires_at.has_value());
  EXPECT_EQ(*chain->subscription.expires_at,
            absl::FromUnixSeconds(absl::ToUnixSeconds(kNow + absl::Hours(24 * 30))));
}

TEST_P(SessionRefreshTest, RotateLinksTheOldTokenToItsSuccessor) {
  const NewSession s = SessionOf(NewUser(1));
  const std::string id = CreateSession(s);
  const absl::Time now = kNow + absl::Microseconds(3'000'001);
  const std::string successor = Rotate(s.refresh_token_hash, now);

  absl::StatusOr<SessionRecord> session = sessions().Get(id);
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(session->last_refreshed_at, now);
  EXPECT_EQ(session->refresh_token_expires_at, now + absl::Hours(24));

  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(chain.ok()) << chain.status();
  ASSERT_EQ(chain->tokens.size(), 2u);
  EXPECT_EQ(chain->tokens[0].rotated_at, now);
  EXPECT_EQ(chain->tokens[0].replaced_by, successor);
  EXPECT_EQ(chain->tokens[1].token_hash, successor);
  EXPECT_EQ(chain->tokens[1].created_at, now);
  EXPECT_EQ(chain->tokens[1].expires_at, now + absl::Hours(24));
  EXPECT_FALSE(chain->tokens[1].rotated_at.has_value());
  EXPECT_EQ(chain->session.last_refreshed_at, now);
}

TEST_P(SessionRefreshTest, ChainRunsFromThePresentedTokenToTheCurrentOne) {
  const NewSession s = SessionOf(NewUser(1));
  CreateSession(s);
  const std::string second = Rotate(s.refresh_token_hash, kNow + absl::Seconds(1));
  const std::string third = Rotate(second, kNow + absl::Seconds(2));

  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(chain.ok()) << chain.status();
  ASSERT_EQ(chain->tokens.size(), 3u);
  EXPECT_EQ(chain->tokens[1].token_hash, second);
  EXPECT_EQ(chain->tokens[2].token_hash, third);
  EXPECT_EQ(sessions().Refresh(second, RefreshTokenHolder::FirstParty(), DoNothing)->tokens.size(),
            2u);
}

TEST_P(SessionRefreshTest, ChainIsCappedAtMaxChainLengthAndCannotBeRotatedThrough) {
  const NewSession s = SessionOf(NewUser(1));
  const std::string id = CreateSession(s);
  std::string hash = s.refresh_token_hash;
  for (int i = 0; i < SessionStore::kMaxChainLength + 3; ++i) {
    hash = Rotate(hash, kNow + absl::Seconds(i));
  }
  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ(chain->tokens.size(), static_cast<size_t>(SessionStore::kMaxChainLength));
  EXPECT_TRUE(chain->tokens.back().rotated_at.has_value());

  // The chain's last token is not the current one: rotating it is refused.
  const absl::Time later = kNow + absl::Hours(1);
  chain = sessions().Refresh(
      s.refresh_token_hash, RefreshTokenHolder::FirstParty(), [&](const RefreshChain&) {
        return RefreshDecision::Rotate(later, Sha256("successor"), later + absl::Hours(1));
      });
  EXPECT_TRUE(absl::IsFailedPrecondition(chain.status())) << chain.status();
  EXPECT_NE(sessions().Get(id)->last_refreshed_at, later);
  EXPECT_EQ(sessions().Refresh(hash, RefreshTokenHolder::FirstParty(), DoNothing)->tokens.size(),
            1u);
}

TEST_P(SessionRefreshTest, RotateToATakenHashReturnsAlreadyExistsAndWritesNothing) {
  const std::string user = NewUser(1);
  const NewSession s = SessionOf(user);
  const std::string id = CreateSession(s);
  const NewSession other = SessionOf(user);
  CreateSession(other);
  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), [&](const auto&) {
        return RefreshDecision::Rotate(kNow, other.refresh_token_hash, kNow + absl::Hours(1));
      });
  EXPECT_TRUE(absl::IsAlreadyExists(chain.status())) << chain.status();
  EXPECT_FALSE(sessions().Get(id)->last_refreshed_at.has_value());
  chain = sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(chain.ok()) << chain.status();
  ASSERT_EQ(chain->tokens.size(), 1u);
  EXPECT_FALSE(chain->tokens[0].rotated_at.has_value());
}

TEST_P(SessionRefreshTest, RevokeDecisionIsCommitted) {
  const NewSession s = SessionOf(NewUser(1));
  const std::string id = CreateSession(s);
  ASSERT_TRUE(sessions()
                  .Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
                           [](const RefreshChain&) {
                             return RefreshDecision::Revoke(kNow + absl::Seconds(1),
                                                            "refresh_token_reuse");
                           })
                  .ok());
  absl::StatusOr<SessionRecord> session = sessions().Get(id);
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_TRUE(session->revoked);
  EXPECT_EQ(session->revoke_reason, "refresh_token_reuse");
  absl::StatusOr<RefreshChain> chain =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->session.revoked);
}

TEST_P(SessionRefreshTest, NothingDecisionChangesNothing) {
  const NewSession s = SessionOf(NewUser(1));
  const std::string id = CreateSession(s);
  ASSERT_TRUE(
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing).ok());
  absl::StatusOr<SessionRecord> session = sessions().Get(id);
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_FALSE(session->revoked);
  EXPECT_FALSE(session->last_refreshed_at.has_value());
  EXPECT_EQ(sessions()
                .Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing)
                ->tokens.size(),
            1u);
}

// Each caller rotates only if it sees the presented token still current, as
// SessionRefresher does: with the session locked, exactly one rotates and
// every later one sees the rotation.
TEST_P(SessionRefreshTest, ConcurrentRefreshesOfOneTokenRotateExactlyOnce) {
  const NewSession s = SessionOf(NewUser(1));
  CreateSession(s);
  constexpr int kThreads = 16;
  std::atomic<int> rotations = 0, saw_rotated = 0, failures = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const std::string successor = Sha256(absl::StrCat("successor ", i));
      bool rotating = false;
      absl::StatusOr<RefreshChain> chain = sessions().Refresh(
          s.refresh_token_hash, RefreshTokenHolder::FirstParty(), [&](const RefreshChain& chain) {
            rotating = !chain.tokens[0].rotated_at.has_value();
            if (!rotating) return RefreshDecision::Nothing();
            return RefreshDecision::Rotate(kNow, successor, kNow + absl::Hours(1));
          });
      if (!chain.ok()) ++failures;
      if (chain.ok() && rotating) ++rotations;
      if (chain.ok() && !rotating) ++saw_rotated;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(rotations, 1);
  EXPECT_EQ(saw_rotated, kThreads - 1);
  EXPECT_EQ(sessions()
                .Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), DoNothing)
                ->tokens.size(),
            2u);
}

TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(SessionRefreshTest);

}  // namespace
}  // namespace tgauth::storage
