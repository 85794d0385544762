// SessionManager: logout by refresh token (RFC 7009) or by session id,
// "log out my other devices", listing, ownership, and that every revocation
// reaches this replica's revocation list at once.
#include "server/session/session_manager.h"

#include <string>
#include <vector>

#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth {
namespace {

using testing::Ada;
using ::testing::ElementsAre;
using testing::Grace;
using ::testing::HasSubstr;
using testing::SessionTestHarness;

std::vector<std::string> IdsOf(const absl::StatusOr<std::vector<storage::SessionRecord>>& list) {
  EXPECT_TRUE(list.ok()) << list.status();
  std::vector<std::string> ids;
  if (list.ok()) {
    for (const storage::SessionRecord& s : *list) ids.push_back(s.id);
  }
  return ids;
}

class SessionManagerTest : public ::testing::Test {
 protected:
  std::string UserIdOf(const storage::TelegramProfile& profile) {
    return h_.users.FindByTelegramId(profile.telegram_id)->id;
  }

  SessionTestHarness h_;
};

TEST_F(SessionManagerTest, LogoutByRefreshTokenRevokesTheSessionAtOnceAndIsIdempotent) {
  const IssuedSession phone = h_.SignIn();
  const IssuedSession pc = h_.SignIn(Ada(), "PC");
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(pc.refresh_token, "203.0.113.9").ok());
  EXPECT_TRUE(h_.Stored(pc.session_id).revoked);
  EXPECT_EQ(h_.Stored(pc.session_id).revoke_reason, "logout");
  EXPECT_TRUE(h_.RememberedAsRevoked(pc.session_id));
  EXPECT_FALSE(h_.validator->Validate(pc.access_token).ok());
  // The phone stays signed in.
  EXPECT_FALSE(h_.Stored(phone.session_id).revoked);
  EXPECT_TRUE(h_.validator->Validate(phone.access_token).ok());
  EXPECT_TRUE(h_.refresher.Refresh(phone.refresh_token, testing::kClientIp).ok());

  EXPECT_TRUE(h_.manager.RevokeByRefreshToken(pc.refresh_token, "203.0.113.9").ok());
}

TEST_F(SessionManagerTest, LogoutByARotatedRefreshTokenRevokesTheSession) {
  const IssuedSession signed_in = h_.SignIn();
  ASSERT_TRUE(h_.refresher.Refresh(signed_in.refresh_token, testing::kClientIp).ok());
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(signed_in.refresh_token, "203.0.113.9").ok());
  EXPECT_TRUE(h_.Stored(signed_in.session_id).revoked);
}

TEST_F(SessionManagerTest, LogoutByUnknownRefreshTokenSucceedsAndChangesNothing) {
  const IssuedSession signed_in = h_.SignIn();
  EXPECT_TRUE(
      h_.manager.RevokeByRefreshToken(*NewToken(), "203.0.113.9").ok());  // RFC 7009 section 2.2.
  EXPECT_FALSE(h_.Stored(signed_in.session_id).revoked);
}

TEST_F(SessionManagerTest, LogoutByMalformedRefreshTokenIsInvalidArgument) {
  EXPECT_EQ(h_.manager.RevokeByRefreshToken("not a token", "203.0.113.9").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(SessionManagerTest, AddressThatPresentsUnknownRefreshTokensIsRefusedUntilTheWindowEnds) {
  SessionManager limited(h_.sessions, h_.revoked, SessionLifetimes{}.access_token, h_.limiter,
                         {.limit = 3, .window = absl::Minutes(10)}, h_.clock);
  const IssuedSession signed_in = h_.SignIn();
  constexpr char kGuesser[] = "198.51.100.23";
  EXPECT_TRUE(absl::IsInvalidArgument(limited.RevokeByRefreshToken("malformed", kGuesser)));
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(limited.RevokeByRefreshToken(*NewToken(), kGuesser).ok());
  // Over the limit: nothing is looked up, not even a valid token.
  absl::Status refused = limited.RevokeByRefreshToken(signed_in.refresh_token, kGuesser);
  EXPECT_TRUE(absl::IsResourceExhausted(refused)) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("from this address"));
  EXPECT_FALSE(h_.Stored(signed_in.session_id).revoked);
  // Another address is not held back.
  EXPECT_TRUE(limited.RevokeByRefreshToken(signed_in.refresh_token, "198.51.100.24").ok());
  EXPECT_TRUE(h_.Stored(signed_in.session_id).revoked);
  h_.clock.Advance(absl::Minutes(10));
  EXPECT_TRUE(limited.RevokeByRefreshToken(*NewToken(), kGuesser).ok());
}

TEST_F(SessionManagerTest, UnknownTokensAtLogoutCountAgainstTheFailedRefreshLimit) {
  const AddressLimitOptions limit = {.limit = 2, .window = absl::Minutes(10)};
  SessionManager manager(h_.sessions, h_.revoked, SessionLifetimes{}.access_token, h_.limiter,
                         limit, h_.clock);
  SessionRefresher refresher({.failures_per_ip = limit}, h_.sessions, *h_.rotation_key, *h_.signer,
                             h_.revoked, h_.limiter, h_.clock);
  const IssuedSession signed_in = h_.SignIn();
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(manager.RevokeByRefreshToken(*NewToken(), "::1").ok());
  EXPECT_TRUE(
      absl::IsResourceExhausted(refresher.Refresh(signed_in.refresh_token, "::1").status()));
}

TEST_F(SessionManagerTest, RevokeOwnRevokesOnlyTheCallersOwnSession) {
  const IssuedSession ada_phone = h_.SignIn();
  const IssuedSession ada_pc = h_.SignIn(Ada(), "PC");
  const IssuedSession grace = h_.SignIn(Grace());
  const std::string ada = UserIdOf(Ada());

  ASSERT_TRUE(h_.manager.RevokeOwn(ada, ada_pc.session_id).ok());
  EXPECT_EQ(h_.Stored(ada_pc.session_id).revoke_reason, "revoked_by_user");
  EXPECT_TRUE(h_.RememberedAsRevoked(ada_pc.session_id));
  EXPECT_TRUE(h_.manager.RevokeOwn(ada, ada_pc.session_id).ok());  // Idempotent.

  absl::Status not_hers = h_.manager.RevokeOwn(ada, grace.session_id);
  EXPECT_EQ(not_hers.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(not_hers.message(), "no such session");
  EXPECT_FALSE(h_.Stored(grace.session_id).revoked);
  EXPECT_FALSE(h_.RememberedAsRevoked(grace.session_id));
  EXPECT_EQ(h_.manager.RevokeOwn(ada, "0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(h_.manager.RevokeOwn(ada, "").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(h_.Stored(ada_phone.session_id).revoked);
}

TEST_F(SessionManagerTest, RevokeOthersEndsEverySessionButTheCallers) {
  const IssuedSession phone = h_.SignIn();
  const IssuedSession pc = h_.SignIn(Ada(), "PC");
  const IssuedSession tablet = h_.SignIn(Ada(), "Tablet");
  const IssuedSession grace = h_.SignIn(Grace());

  absl::StatusOr<int> revoked = h_.manager.RevokeOthers(UserIdOf(Ada()), phone.session_id);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(*revoked, 2);
  EXPECT_TRUE(h_.RememberedAsRevoked(pc.session_id));
  EXPECT_TRUE(h_.RememberedAsRevoked(tablet.session_id));
  EXPECT_FALSE(h_.RememberedAsRevoked(phone.session_id));
  EXPECT_THAT(IdsOf(h_.manager.ListActive(UserIdOf(Ada()))), ElementsAre(phone.session_id));
  EXPECT_FALSE(h_.Stored(grace.session_id).revoked);
  EXPECT_EQ(h_.manager.RevokeOthers(UserIdOf(Ada()), phone.session_id).value_or(-1), 0);
}

TEST_F(SessionManagerTest, ListActiveIsNewestFirstWithoutEndedSessions) {
  const IssuedSession phone = h_.SignIn();
  h_.clock.Advance(absl::Seconds(1));
  const IssuedSession pc = h_.SignIn(Ada(), "PC");
  h_.clock.Advance(absl::Seconds(1));
  const IssuedSession old_laptop = h_.SignIn(Ada(), "Laptop");
  h_.SignIn(Grace());
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(old_laptop.refresh_token, "203.0.113.9").ok());

  absl::StatusOr<std::vector<storage::SessionRecord>> list = h_.manager.ListActive(UserIdOf(Ada()));
  EXPECT_THAT(IdsOf(list), ElementsAre(pc.session_id, phone.session_id));
  EXPECT_EQ((*list)[0].device.name, "PC");
}

TEST_F(SessionManagerTest, StoreOutageIsUnavailableAndNothingIsRemembered) {
  const IssuedSession signed_in = h_.SignIn();
  h_.sessions.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_EQ(h_.manager.RevokeByRefreshToken(signed_in.refresh_token, "203.0.113.9").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_FALSE(h_.RememberedAsRevoked(signed_in.session_id));
}

}  // namespace
}  // namespace tgauth
