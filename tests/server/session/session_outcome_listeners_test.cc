// SessionRefresher and SessionManager tell their listeners the outcome of
// every refresh and every revocation they make, once, by kind.
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/session/refresh_listener.h"
#include "server/session/revocation_listener.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth {
namespace {

using testing::Ada;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

class RecordingListener final : public RefreshListener, public RevocationListener {
 public:
  void OnRefresh(RefreshOutcome outcome) override { refreshes.push_back(outcome); }
  void OnSessionsRevoked(RevokeReason reason, int count) override {
    revocations.emplace_back(reason, count);
  }
  std::vector<RefreshOutcome> refreshes;
  std::vector<std::pair<RevokeReason, int>> revocations;
};

class SessionOutcomeListenersTest : public ::testing::Test {
 protected:
  SessionOutcomeListenersTest() {
    h_.refresher.AddRefreshListener(listener_);
    h_.refresher.AddRevocationListener(listener_);
    h_.manager.AddListener(listener_);
  }

  absl::StatusOr<IssuedSession> Refresh(const std::string& token) {
    return h_.refresher.Refresh(token, testing::kClientIp);
  }

  testing::SessionTestHarness h_;
  RecordingListener listener_;
};

TEST_F(SessionOutcomeListenersTest, EachRefreshIsToldItsOutcome) {
  const IssuedSession signed_in = h_.SignIn();
  ASSERT_TRUE(Refresh(signed_in.refresh_token).ok());
  h_.clock.Advance(absl::Seconds(5));
  ASSERT_TRUE(Refresh(signed_in.refresh_token).ok());  // A replay within the grace window.
  EXPECT_FALSE(Refresh(std::string(43, 'A')).ok());    // Unknown.
  EXPECT_FALSE(Refresh("not a token").ok());           // Malformed.
  h_.sessions.FailNextCalls(absl::UnavailableError("database unavailable"), 1);
  EXPECT_FALSE(Refresh(signed_in.refresh_token).ok());
  EXPECT_THAT(listener_.refreshes,
              ElementsAre(RefreshOutcome::kRotated, RefreshOutcome::kGrace,
                          RefreshOutcome::kRefused, RefreshOutcome::kRefused,
                          RefreshOutcome::kFailed));
  EXPECT_THAT(listener_.revocations, IsEmpty());
}

TEST_F(SessionOutcomeListenersTest, ReuseIsToldAsAnOutcomeAndAsARevocation) {
  const IssuedSession signed_in = h_.SignIn();
  absl::StatusOr<IssuedSession> first = Refresh(signed_in.refresh_token);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(Refresh(first->refresh_token).ok());
  h_.clock.Advance(absl::Seconds(11));
  EXPECT_FALSE(Refresh(signed_in.refresh_token).ok());
  EXPECT_THAT(listener_.refreshes, ElementsAre(RefreshOutcome::kRotated, RefreshOutcome::kRotated,
                                               RefreshOutcome::kReuseDetected));
  EXPECT_THAT(listener_.revocations, ElementsAre(Pair(RevokeReason::kRefreshTokenReuse, 1)));
}

TEST_F(SessionOutcomeListenersTest, EachRevocationIsToldWithItsReasonAndCountOnce) {
  const IssuedSession phone = h_.SignIn();
  const IssuedSession pc = h_.SignIn(Ada(), "PC");
  const IssuedSession tablet = h_.SignIn(Ada(), "Tablet");
  h_.SignIn(Ada(), "Laptop");
  const std::string ada = h_.users.FindByTelegramId(Ada().telegram_id)->id;

  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(pc.refresh_token, testing::kClientIp).ok());
  ASSERT_TRUE(h_.manager.RevokeByRefreshToken(pc.refresh_token, testing::kClientIp).ok());
  ASSERT_TRUE(h_.manager.RevokeOwn(ada, tablet.session_id).ok());
  ASSERT_TRUE(h_.manager.RevokeOwn(ada, tablet.session_id).ok());
  ASSERT_EQ(*h_.manager.RevokeOthers(ada, phone.session_id), 1);  // The laptop.
  ASSERT_EQ(*h_.manager.RevokeOthers(ada, phone.session_id), 0);
  EXPECT_THAT(listener_.revocations,
              ElementsAre(Pair(RevokeReason::kLogout, 1), Pair(RevokeReason::kRevokedByUser, 1),
                          Pair(RevokeReason::kOtherSessions, 1)));
}

}  // namespace
}  // namespace tgauth
