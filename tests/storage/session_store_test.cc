// SessionStore conformance: creating, reading, revoking and cleaning up
// sessions, the same tests for InMemorySessionStore and PostgresSessionStore.
// Refresh token rotation is in session_refresh_test.cc.
#include <algorithm>
#include <string>
#include <vector>

#include "common/uuid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/session_store_fixture.h"

namespace tgauth::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kUnknownUuid[] = "0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b";

std::vector<std::string> IdsOf(const absl::StatusOr<std::vector<SessionRecord>>& sessions) {
  EXPECT_TRUE(sessions.ok()) << sessions.status();
  std::vector<std::string> ids;
  if (sessions.ok()) {
    for (const SessionRecord& s : *sessions) ids.push_back(s.id);
  }
  return ids;
}

using SessionStoreTest = SessionStoreFixture;

TEST_P(SessionStoreTest, CreateReturnsTheSessionWithAnId) {
  const NewSession s = SessionOf(NewUser(1));
  absl::StatusOr<SessionRecord> created = sessions().Create(s);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(IsUuid(created->id)) << created->id;
  EXPECT_EQ(created->user_id, s.user_id);
  EXPECT_EQ(created->sign_in_method, "qr");
  EXPECT_EQ(created->device, s.device);
  EXPECT_EQ(created->created_at, s.created_at);
  EXPECT_EQ(created->expires_at, s.expires_at);
  EXPECT_EQ(created->refresh_token_expires_at, s.refresh_token_expires_at);
  EXPECT_FALSE(created->last_refreshed_at.has_value());
  EXPECT_FALSE(created->revoked);
}

TEST_P(SessionStoreTest, CreateSessionWithUnknownUserReturnsFailedPrecondition) {
  EXPECT_TRUE(absl::IsFailedPrecondition(sessions().Create(SessionOf(kUnknownUuid)).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(sessions().Create(SessionOf("not-a-uuid")).status()));
}

TEST_P(SessionStoreTest, CreateWithTakenRefreshTokenHashReturnsAlreadyExistsAndWritesNothing) {
  const std::string user = NewUser(1);
  const NewSession first = SessionOf(user);
  ASSERT_TRUE(sessions().Create(first).ok());
  NewSession second = SessionOf(user, absl::Seconds(1));
  second.refresh_token_hash = first.refresh_token_hash;
  EXPECT_TRUE(absl::IsAlreadyExists(sessions().Create(second).status()));
  EXPECT_EQ(sessions().ListByUser(user)->size(), 1u);  // No session without its token.
}

TEST_P(SessionStoreTest, ListByUserReturnsOnlyTheirSessionsOldestFirst) {
  const std::string alice = NewUser(1), bob = NewUser(2);
  const std::string later = CreateSession(SessionOf(alice, absl::Seconds(5)));
  const std::string earlier = CreateSession(SessionOf(alice));
  CreateSession(SessionOf(bob));

  absl::StatusOr<std::vector<SessionRecord>> list = sessions().ListByUser(alice);
  EXPECT_THAT(IdsOf(list), ElementsAre(earlier, later));  // A sign-in never touches others.
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].created_at, kNow + absl::Seconds(5));
  EXPECT_EQ((*list)[0].device, SessionOf(alice).device);
}

TEST_P(SessionStoreTest, ListByUserWithoutSessionsIsEmpty) {
  const std::string user = NewUser(1);
  EXPECT_TRUE(sessions().ListByUser(user)->empty());
  EXPECT_TRUE(sessions().ListByUser(kUnknownUuid)->empty());
  EXPECT_TRUE(sessions().ListByUser("not-a-uuid")->empty());
}

TEST_P(SessionStoreTest, GetReturnsTheSessionOrNotFound) {
  const NewSession s = SessionOf(NewUser(1));
  const std::string id = CreateSession(s);
  absl::StatusOr<SessionRecord> got = sessions().Get(id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->user_id, s.user_id);
  EXPECT_EQ(got->device, s.device);
  EXPECT_EQ(got->created_at, s.created_at);
  EXPECT_EQ(got->refresh_token_expires_at, s.refresh_token_expires_at);
  EXPECT_EQ(got->active_until(), s.refresh_token_expires_at);
  EXPECT_TRUE(absl::IsNotFound(sessions().Get(kUnknownUuid).status()));
  EXPECT_TRUE(absl::IsNotFound(sessions().Get("not-a-uuid").status()));
}

TEST_P(SessionStoreTest, ListActiveByUserIsNewestFirstAndLeavesOutEndedSessions) {
  const std::string alice = NewUser(1), bob = NewUser(2);
  const std::string older = CreateSession(SessionOf(alice));
  const std::string newer = CreateSession(SessionOf(alice, absl::Seconds(5)));
  const std::string revoked = CreateSession(SessionOf(alice, absl::Seconds(6)));
  ASSERT_TRUE(sessions().Revoke(revoked, kNow + absl::Seconds(7), "logout").ok());
  NewSession idle = SessionOf(alice, absl::Seconds(8));
  idle.refresh_token_expires_at = kNow + absl::Hours(1);
  CreateSession(idle);
  NewSession ended = SessionOf(alice, absl::Seconds(9));
  ended.expires_at = ended.refresh_token_expires_at = kNow + absl::Hours(1);
  CreateSession(ended);
  CreateSession(SessionOf(bob));

  const absl::Time now = kNow + absl::Hours(1);  // Idle and absolute ends are exclusive.
  EXPECT_THAT(IdsOf(sessions().ListActiveByUser(alice, now)), ElementsAre(newer, older));
  EXPECT_EQ(IdsOf(sessions().ListActiveByUser(alice, kNow + absl::Seconds(10))).size(), 4u);
  EXPECT_THAT(IdsOf(sessions().ListActiveByUser("not-a-uuid", now)), IsEmpty());
}

TEST_P(SessionStoreTest, ListActiveByUserShowsLastRefreshAndTheCurrentTokensExpiry) {
  const std::string alice = NewUser(1);
  const NewSession s = SessionOf(alice);
  const std::string id = CreateSession(s);
  const absl::Time refreshed = kNow + absl::Microseconds(2'000'001);
  ASSERT_FALSE(Rotate(s.refresh_token_hash, refreshed).empty());

  absl::StatusOr<std::vector<SessionRecord>> list = sessions().ListActiveByUser(alice, refreshed);
  ASSERT_THAT(IdsOf(list), ElementsAre(id));
  EXPECT_EQ((*list)[0].last_refreshed_at, refreshed);
  EXPECT_EQ((*list)[0].refresh_token_expires_at, refreshed + absl::Hours(24));
  EXPECT_EQ((*list)[0].expires_at, s.expires_at);
}

TEST_P(SessionStoreTest, RevokeIsIdempotentAndKeepsTheFirstReason) {
  const std::string id = CreateSession(SessionOf(NewUser(1)));
  EXPECT_EQ(Ok(sessions().Revoke(id, kNow, "logout")), true);
  EXPECT_EQ(Ok(sessions().Revoke(id, kNow + absl::Seconds(1), "revoked_by_user")), false);
  absl::StatusOr<SessionRecord> got = sessions().Get(id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->revoked);
  EXPECT_EQ(got->revoke_reason, "logout");
}

TEST_P(SessionStoreTest, RevokeOfUnknownSessionReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(sessions().Revoke(kUnknownUuid, kNow, "logout").status()));
  EXPECT_TRUE(absl::IsNotFound(sessions().Revoke("not-a-uuid", kNow, "logout").status()));
}

TEST_P(SessionStoreTest, RevokeByAnyRefreshTokenOfTheChainRevokesTheSession) {
  const NewSession s = SessionOf(NewUser(1));
  const std::string id = CreateSession(s);
  const std::string current = Rotate(s.refresh_token_hash, kNow + absl::Seconds(1));
  absl::StatusOr<Revocation> first =
      sessions().RevokeByRefreshToken(s.refresh_token_hash, kNow + absl::Seconds(2), "logout");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->session_id, id);
  EXPECT_TRUE(first->newly_revoked);
  absl::StatusOr<Revocation> again =
      sessions().RevokeByRefreshToken(current, kNow + absl::Seconds(3), "logout");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->session_id, id);
  EXPECT_FALSE(again->newly_revoked);
  EXPECT_TRUE(sessions().Get(id)->revoked);
}

TEST_P(SessionStoreTest, RevokeByUnknownRefreshTokenReturnsNotFound) {
  CreateSession(SessionOf(NewUser(1)));
  EXPECT_TRUE(absl::IsNotFound(
      sessions().RevokeByRefreshToken(Sha256("unknown"), kNow, "logout").status()));
}

TEST_P(SessionStoreTest, RevokeAllExceptRevokesOnlyTheUsersOtherActiveSessions) {
  const std::string alice = NewUser(1), bob = NewUser(2);
  const std::string phone = CreateSession(SessionOf(alice));
  const std::string pc = CreateSession(SessionOf(alice, absl::Seconds(1)));
  const std::string tablet = CreateSession(SessionOf(alice, absl::Seconds(2)));
  const std::string gone = CreateSession(SessionOf(alice, absl::Seconds(3)));
  ASSERT_EQ(Ok(sessions().Revoke(gone, kNow, "logout")), true);
  const std::string bobs = CreateSession(SessionOf(bob));

  absl::StatusOr<std::vector<std::string>> revoked =
      sessions().RevokeAllExcept(alice, phone, kNow + absl::Seconds(5), "revoked_by_user");
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_THAT(*revoked, UnorderedElementsAre(pc, tablet));
  EXPECT_THAT(IdsOf(sessions().ListActiveByUser(alice, kNow + absl::Seconds(6))),
              ElementsAre(phone));
  EXPECT_EQ(sessions().Get(pc)->revoke_reason, "revoked_by_user");
  EXPECT_EQ(sessions().Get(gone)->revoke_reason, "logout");
  EXPECT_FALSE(sessions().Get(bobs)->revoked);
  EXPECT_THAT(*sessions().RevokeAllExcept(alice, phone, kNow + absl::Seconds(7), "x"), IsEmpty());
  EXPECT_THAT(*sessions().RevokeAllExcept("not-a-uuid", phone, kNow, "x"), IsEmpty());
}

TEST_P(SessionStoreTest, DeleteExpiredRefreshTokensDeletesOnlyExpiredRotatedOnes) {
  const NewSession s = SessionOf(NewUser(1));
  const std::string id = CreateSession(s);
  const std::string second = Rotate(s.refresh_token_hash, kNow + absl::Hours(1));
  const std::string third = Rotate(second, kNow + absl::Hours(2));
  // Rotated tokens expire a day after their rotation (Rotate()), the first
  // one after 7 days (SessionOf()).
  EXPECT_EQ(Ok(sessions().DeleteExpiredRefreshTokens(kNow + absl::Hours(24), 100)), 0);
  EXPECT_EQ(Ok(sessions().DeleteExpiredRefreshTokens(kNow + absl::Hours(26), 100)),
            1);  // `second`.
  EXPECT_TRUE(absl::IsNotFound(sessions().RevokeByRefreshToken(second, kNow, "x").status()));
  // The first is still kept for reuse detection; the current one always.
  EXPECT_TRUE(sessions()
                  .Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
                           [](const RefreshChain&) { return RefreshDecision::Nothing(); })
                  .ok());
  EXPECT_EQ(sessions().Get(id)->refresh_token_expires_at, kNow + absl::Hours(26));
}

TEST_P(SessionStoreTest, DeleteExpiredRefreshTokensStopsAtTheLimit) {
  const NewSession s = SessionOf(NewUser(1));
  CreateSession(s);
  std::string hash = s.refresh_token_hash;
  for (int i = 0; i < 3; ++i) hash = Rotate(hash, kNow + absl::Seconds(i));
  const absl::Time later = kNow + absl::Hours(24 * 8);
  EXPECT_EQ(Ok(sessions().DeleteExpiredRefreshTokens(later, 2)), 2);
  EXPECT_EQ(Ok(sessions().DeleteExpiredRefreshTokens(later, 2)), 1);
  EXPECT_EQ(Ok(sessions().DeleteExpiredRefreshTokens(later, 2)), 0);
}

TEST_P(SessionStoreTest, DeleteEndedSessionsDeletesThoseThatEndedBeforeTheCutoff) {
  const std::string alice = NewUser(1);
  const std::string active = CreateSession(SessionOf(alice));
  const NewSession revoked = SessionOf(alice);
  const std::string revoked_id = CreateSession(revoked);
  ASSERT_EQ(Ok(sessions().Revoke(revoked_id, kNow + absl::Hours(1), "logout")), true);
  NewSession expired = SessionOf(alice);
  expired.expires_at = expired.refresh_token_expires_at = kNow + absl::Hours(2);
  const std::string expired_id = CreateSession(expired);
  NewSession idle = SessionOf(alice);
  idle.refresh_token_expires_at = kNow + absl::Hours(3);
  const std::string idle_id = CreateSession(idle);

  // Before any session ended: the revoked one is stamped kNow + 1 h by the
  // fake, and by PostgreSQL with its own clock (today, before kNow).
  const absl::Time before_any = std::min(kNow, absl::Now()) - absl::Hours(1);
  EXPECT_EQ(Ok(sessions().DeleteEndedSessions(before_any, 100)), 0);
  EXPECT_EQ(Ok(sessions().DeleteEndedSessions(kNow + absl::Hours(4), 2)), 2);
  EXPECT_EQ(Ok(sessions().DeleteEndedSessions(kNow + absl::Hours(4), 2)), 1);
  EXPECT_THAT(IdsOf(sessions().ListByUser(alice)), ElementsAre(active));
  for (const std::string& id : {revoked_id, expired_id, idle_id}) {
    EXPECT_TRUE(absl::IsNotFound(sessions().Get(id).status())) << id;
  }
  // The tokens went with their session.
  EXPECT_TRUE(absl::IsNotFound(
      sessions().RevokeByRefreshToken(revoked.refresh_token_hash, kNow, "x").status()));
}

TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(SessionStoreTest);

TEST(InMemorySessionStoreTest, InjectedFailureIsReturned) {
  InMemoryUserStore users;
  InMemorySessionStore sessions(users);
  sessions.FailNextCalls(absl::UnavailableError("database unavailable"));
  EXPECT_TRUE(absl::IsUnavailable(sessions.ListByUser("x").status()));
  EXPECT_TRUE(absl::IsUnavailable(sessions.DeleteEndedSessions(kNow, 1).status()));
  sessions.FailNextCalls(absl::OkStatus());
  EXPECT_TRUE(sessions.ListByUser("x").ok());
}

}  // namespace
}  // namespace tgauth::storage
