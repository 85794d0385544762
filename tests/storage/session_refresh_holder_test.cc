// SessionStore conformance: a refresh token rotates only for the holder of
// its session (storage/refresh_token_holder.h, RFC 6749 section 6). Another
// client, a client presenting a first-party token, tgauth's own routes
// presenting a client's token, or a scope beyond the grant are refused by
// Refresh (before `decide`) and RotateCurrent with nothing written; the
// holder's token keeps working. The same tests for InMemorySessionStore
// and PostgresSessionStore.
#include <string>

#include "gtest/gtest.h"
#include "tests/storage/session_store_fixture.h"

namespace tgauth::storage {
namespace {

constexpr char kShop[] = "shop";
constexpr char kOther[] = "other";

RefreshDecision DoNothing(const RefreshChain&) { return RefreshDecision::Nothing(); }

class SessionRefreshHolderTest : public SessionStoreFixture {
 protected:
  // A session of a new user issued to `client_id` (empty: first-party)
  // with `scope`.
  NewSession Created(const std::string& client_id, const std::string& scope) {
    NewSession s = SessionOf(NewUser(1));
    s.client_id = client_id;
    s.scope = scope;
    EXPECT_TRUE(sessions().Create(s).ok());
    return s;
  }

  // Expects `holder` refused with `code` by both rotations of `s`'s token,
  // without calling `decide`, and the token still current afterwards.
  void ExpectRefused(const NewSession& s, const RefreshTokenHolder& holder, absl::StatusCode code) {
    bool decided = false;
    absl::Status refreshed = sessions()
                                 .Refresh(s.refresh_token_hash, holder,
                                          [&](const RefreshChain&) {
                                            decided = true;
                                            return RefreshDecision::Revoke(kNow, "reuse");
                                          })
                                 .status();
    EXPECT_EQ(refreshed.code(), code) << refreshed;
    EXPECT_FALSE(decided);
    const absl::Time now = kNow + absl::Minutes(1);
    absl::Status rotated =
        sessions()
            .RotateCurrent(s.refresh_token_hash, holder,
                           RefreshDecision::Rotate(now, Sha256(*NewToken()), now + absl::Hours(1)))
            .status();
    EXPECT_EQ(rotated.code(), code) << rotated;
    absl::StatusOr<RefreshChain> chain = sessions().Refresh(
        s.refresh_token_hash, RefreshTokenHolder::Client(s.client_id), DoNothing);
    ASSERT_TRUE(chain.ok()) << chain.status();
    ASSERT_EQ(chain->tokens.size(), 1u);
    EXPECT_FALSE(chain->tokens[0].rotated_at.has_value()) << "rotated for another holder";
    EXPECT_FALSE(chain->session.revoked);
    EXPECT_FALSE(chain->session.last_refreshed_at.has_value());
  }

  // Expects `holder` to rotate `s`'s current token.
  void ExpectRotates(const NewSession& s, const RefreshTokenHolder& holder) {
    const absl::Time now = kNow + absl::Minutes(2);
    absl::StatusOr<RefreshChain> rotated = sessions().RotateCurrent(
        s.refresh_token_hash, holder,
        RefreshDecision::Rotate(now, Sha256(*NewToken()), now + absl::Hours(1)));
    ASSERT_TRUE(rotated.ok()) << rotated.status();
    EXPECT_EQ(rotated->session.client_id, s.client_id);
  }
};

TEST_P(SessionRefreshHolderTest, AnotherClientsTokenIsRefusedAndRotatesNothing) {
  RegisterClient(kShop);
  RegisterClient(kOther);
  const NewSession s = Created(kShop, "openid profile");
  ExpectRefused(s, RefreshTokenHolder::Client(kOther), absl::StatusCode::kPermissionDenied);
  ExpectRotates(s, RefreshTokenHolder::Client(kShop));
}

TEST_P(SessionRefreshHolderTest, FirstPartyTokenIsRefusedToAClient) {
  RegisterClient(kShop);
  const NewSession s = Created("", "");
  ExpectRefused(s, RefreshTokenHolder::Client(kShop), absl::StatusCode::kPermissionDenied);
  ExpectRotates(s, RefreshTokenHolder::FirstParty());
}

TEST_P(SessionRefreshHolderTest, ClientsTokenIsRefusedToTgauthsOwnRoutes) {
  RegisterClient(kShop);
  const NewSession s = Created(kShop, "openid");
  ExpectRefused(s, RefreshTokenHolder::FirstParty(), absl::StatusCode::kPermissionDenied);
  ExpectRotates(s, RefreshTokenHolder::Client(kShop));
}

TEST_P(SessionRefreshHolderTest, ScopeBeyondTheGrantIsRefusedAndRotatesNothing) {
  RegisterClient(kShop);
  const NewSession s = Created(kShop, "openid");
  ExpectRefused(s, RefreshTokenHolder::Client(kShop, "openid profile"),
                absl::StatusCode::kOutOfRange);
  ExpectRotates(s, RefreshTokenHolder::Client(kShop, "openid"));
}

TEST_P(SessionRefreshHolderTest, NarrowerScopeRotates) {
  RegisterClient(kShop);
  const NewSession s = Created(kShop, "openid profile");
  ExpectRotates(s, RefreshTokenHolder::Client(kShop, "profile"));
}

TEST_P(SessionRefreshHolderTest, RotatedTokenOfAnotherClientIsRefusedBeforeReuseDetection) {
  RegisterClient(kShop);
  RegisterClient(kOther);
  const NewSession s = Created(kShop, "openid");
  ExpectRotates(s, RefreshTokenHolder::Client(kShop));
  // Long after the rotation: for the holder this would be reuse.
  bool decided = false;
  absl::Status refused = sessions()
                             .Refresh(s.refresh_token_hash, RefreshTokenHolder::Client(kOther),
                                      [&](const RefreshChain&) {
                                        decided = true;
                                        return RefreshDecision::Revoke(kNow, "reuse");
                                      })
                             .status();
  EXPECT_TRUE(absl::IsPermissionDenied(refused)) << refused;
  EXPECT_FALSE(decided);
  EXPECT_FALSE(Ok(sessions().ListByUser(s.user_id))[0].revoked);
}

TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(SessionRefreshHolderTest);

}  // namespace
}  // namespace tgauth::storage
