// The token endpoint's refresh_token grant on the in-memory stores (RFC
// 6749 section 6, OpenID Connect Core 1.0 section 12): rotation for the
// client the token was issued to, refusal (rotating nothing) for anyone
// else, reuse detection, scope narrowing, the refreshed ID token, and the
// RFC 9068 access tokens of a client's session.
#include <string>
#include <vector>

#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/oauth/authorization_flow_fixture.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;

class RefreshGrantTest : public AuthorizationFlowFixture {
 protected:
  // A session of "shop" for Ada, from a code exchange with `scope`.
  TokenGrant Granted(const std::string& scope = "openid profile") {
    absl::StatusOr<TokenGrant> grant =
        tokens_.ExchangeCode(Exchange(Code(Request({{"scope", scope}}))));
    EXPECT_TRUE(grant.ok()) << grant.status();
    return grant.ok() ? *grant : TokenGrant();
  }

  RefreshRequest ByShop(const std::string& refresh_token, const std::string& scope = "") {
    return {.client_id = "shop",
            .client_secret = shop_secret_,
            .refresh_token = refresh_token,
            .scope = scope,
            .ip = "192.0.2.7"};
  }

  // The header and claims of a token tgauth signed.
  VerifiedJwt Jwt(const std::string& token) {
    absl::StatusOr<VerifiedJwt> verified = VerifyEs256Jwt(token, harness_.keys->jwks());
    EXPECT_TRUE(verified.ok()) << verified.status();
    return verified.ok() ? *verified : VerifiedJwt();
  }

  static std::string Claim(const google::protobuf::Struct& claims, const std::string& name) {
    auto it = claims.fields().find(name);
    return it == claims.fields().end() ? "" : it->second.string_value();
  }
};

TEST_F(RefreshGrantTest, TheClientGetsANewPairAndAnIdTokenAboutTheSameSignIn) {
  const TokenGrant first = Granted();
  const google::protobuf::Struct first_id = Verified(first.id_token);
  harness_.clock.Advance(absl::Minutes(5));
  absl::StatusOr<TokenGrant> refreshed = tokens_.Refresh(ByShop(first.session.refresh_token));
  ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  EXPECT_EQ(refreshed->session.session_id, first.session.session_id);
  EXPECT_NE(refreshed->session.refresh_token, first.session.refresh_token);
  EXPECT_NE(refreshed->session.access_token, first.session.access_token);
  EXPECT_EQ(refreshed->scope, "openid profile");
  const google::protobuf::Struct id = Verified(refreshed->id_token);
  for (const char* same : {"iss", "sub", "aud", "sid"}) {
    EXPECT_EQ(Claim(id, same), Claim(first_id, same)) << same;
  }
  EXPECT_EQ(id.fields().at("auth_time").number_value(),
            first_id.fields().at("auth_time").number_value());
  EXPECT_GT(id.fields().at("iat").number_value(), first_id.fields().at("iat").number_value());
  EXPECT_FALSE(id.fields().contains("nonce"));  // Core section 12.2.
  EXPECT_EQ(Claim(id, "name"), "Ada Lovelace");
  // The old token is spent (a replay after the grace window is reuse).
  EXPECT_TRUE(tokens_.Refresh(ByShop(refreshed->session.refresh_token)).ok());
}

TEST_F(RefreshGrantTest, AnotherClientsRefreshIsInvalidGrantAndTheOwnersTokenStillWorks) {
  ASSERT_TRUE(admin_
                  .Create({.client_id = "shop2",
                           .settings = {.name = "Shop 2", .redirect_uris = {kRedirect}}})
                  .ok());
  const TokenGrant grant = Granted();
  for (const std::string& thief : {"spa", "shop2"}) {
    absl::StatusOr<TokenGrant> refused = tokens_.Refresh(
        {.client_id = thief, .refresh_token = grant.session.refresh_token, .ip = "192.0.2.8"});
    EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
  }
  // Nothing rotated: far past the grace window, the owner's token is still
  // the current one, not a reused one.
  harness_.clock.Advance(absl::Minutes(10));
  absl::StatusOr<TokenGrant> owner = tokens_.Refresh(ByShop(grant.session.refresh_token));
  ASSERT_TRUE(owner.ok()) << owner.status();
  EXPECT_FALSE(harness_.Stored(grant.session.session_id).revoked);
}

TEST_F(RefreshGrantTest, AFirstPartyTokenIsInvalidGrantAtTheTokenEndpoint) {
  const IssuedSession own = harness_.SignIn();
  absl::StatusOr<TokenGrant> refused = tokens_.Refresh(ByShop(own.refresh_token));
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
  EXPECT_TRUE(harness_.refresher.Refresh(own.refresh_token, "192.0.2.1").ok());
}

TEST_F(RefreshGrantTest, TgauthsOwnRefreshRefusesAnAppsTokenAndRotatesNothing) {
  const TokenGrant grant = Granted();
  absl::StatusOr<IssuedSession> refused =
      harness_.refresher.Refresh(grant.session.refresh_token, "192.0.2.1");
  EXPECT_TRUE(absl::IsUnauthenticated(refused.status())) << refused.status();
  harness_.clock.Advance(absl::Minutes(10));
  EXPECT_TRUE(tokens_.Refresh(ByShop(grant.session.refresh_token)).ok());
}

TEST_F(RefreshGrantTest, ReuseAfterTheGraceWindowRevokesTheSession) {
  const TokenGrant grant = Granted();
  absl::StatusOr<TokenGrant> second = tokens_.Refresh(ByShop(grant.session.refresh_token));
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_TRUE(tokens_.Refresh(ByShop(second->session.refresh_token)).ok());
  harness_.clock.Advance(testing::SessionTestHarness::kGracePeriod + absl::Seconds(1));
  absl::StatusOr<TokenGrant> reused = tokens_.Refresh(ByShop(grant.session.refresh_token));
  EXPECT_TRUE(absl::IsFailedPrecondition(reused.status())) << reused.status();
  EXPECT_TRUE(harness_.Stored(grant.session.session_id).revoked);
  EXPECT_TRUE(harness_.RememberedAsRevoked(grant.session.session_id));
}

TEST_F(RefreshGrantTest, AReplayWithinTheGraceWindowGetsTheCurrentPair) {
  const TokenGrant grant = Granted();
  absl::StatusOr<TokenGrant> first = tokens_.Refresh(ByShop(grant.session.refresh_token));
  ASSERT_TRUE(first.ok()) << first.status();
  harness_.clock.Advance(absl::Seconds(2));
  absl::StatusOr<TokenGrant> replay = tokens_.Refresh(ByShop(grant.session.refresh_token));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->session.refresh_token, first->session.refresh_token);
}

TEST_F(RefreshGrantTest, AScopeMayNarrowTheAccessTokenButTheGrantStays) {
  const TokenGrant grant = Granted();
  absl::StatusOr<TokenGrant> narrowed =
      tokens_.Refresh(ByShop(grant.session.refresh_token, "openid"));
  ASSERT_TRUE(narrowed.ok()) << narrowed.status();
  EXPECT_EQ(narrowed->scope, "openid");
  EXPECT_EQ(Claim(Jwt(narrowed->session.access_token).claims, "scope"), "openid");
  EXPECT_FALSE(Verified(narrowed->id_token).fields().contains("name"));
  // UserInfo releases what the narrowed token holds.
  absl::StatusOr<AccessTokenClaims> caller =
      harness_.validator->ValidateIssued(narrowed->session.access_token);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_FALSE(user_info_.Claims(*caller)->profile.has_value());
  // Without `openid`, no ID token.
  absl::StatusOr<TokenGrant> profile_only =
      tokens_.Refresh(ByShop(narrowed->session.refresh_token, "profile"));
  ASSERT_TRUE(profile_only.ok()) << profile_only.status();
  EXPECT_TRUE(profile_only->id_token.empty());
  // The refresh token keeps the original grant.
  absl::StatusOr<TokenGrant> full = tokens_.Refresh(ByShop(profile_only->session.refresh_token));
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_EQ(full->scope, "openid profile");
  EXPECT_EQ(harness_.Stored(grant.session.session_id).scope, "openid profile");
}

TEST_F(RefreshGrantTest, AScopeBeyondTheGrantIsInvalidScopeAndRotatesNothing) {
  const TokenGrant grant = Granted("openid");
  for (const std::string& scope : {"openid profile", "email", "openid  profile", "openid "}) {
    absl::StatusOr<TokenGrant> refused =
        tokens_.Refresh(ByShop(grant.session.refresh_token, scope));
    EXPECT_TRUE(absl::IsOutOfRange(refused.status())) << scope << ": " << refused.status();
  }
  harness_.clock.Advance(absl::Minutes(10));
  EXPECT_TRUE(tokens_.Refresh(ByShop(grant.session.refresh_token)).ok());
}

TEST_F(RefreshGrantTest, TheClientMustAuthenticateAndSendAToken) {
  const TokenGrant grant = Granted();
  RefreshRequest wrong_secret = ByShop(grant.session.refresh_token);
  wrong_secret.client_secret = "wrong";
  EXPECT_TRUE(absl::IsUnauthenticated(tokens_.Refresh(wrong_secret).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(tokens_.Refresh(ByShop("")).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(tokens_.Refresh(ByShop("not-a-token")).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(tokens_.Refresh(ByShop(*NewToken())).status()));
  harness_.clock.Advance(absl::Minutes(10));
  EXPECT_TRUE(tokens_.Refresh(ByShop(grant.session.refresh_token)).ok());
}

TEST_F(RefreshGrantTest, AnAppsAccessTokenIsAnRfc9068TokenForTheClient) {
  const absl::Time signed_in_at = harness_.clock.Now();
  const TokenGrant grant = Granted();
  absl::StatusOr<TokenGrant> refreshed = tokens_.Refresh(ByShop(grant.session.refresh_token));
  ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  std::vector<std::string> jtis;
  for (const std::string& token : {grant.session.access_token, refreshed->session.access_token}) {
    const VerifiedJwt jwt = Jwt(token);
    EXPECT_EQ(Claim(jwt.header, "typ"), "at+jwt");
    const google::protobuf::Struct& claims = jwt.claims;
    EXPECT_EQ(Claim(claims, "iss"), kIssuer);
    EXPECT_EQ(Claim(claims, "aud"), "shop");
    EXPECT_EQ(Claim(claims, "client_id"), "shop");
    EXPECT_EQ(Claim(claims, "sub"), harness_.Stored(grant.session.session_id).user_id);
    EXPECT_EQ(Claim(claims, "sid"), grant.session.session_id);
    EXPECT_EQ(Claim(claims, "scope"), "openid profile");
    EXPECT_EQ(claims.fields().at("auth_time").number_value(), absl::ToUnixSeconds(signed_in_at));
    for (const char* time : {"iat", "exp"}) EXPECT_TRUE(claims.fields().contains(time)) << time;
    jtis.push_back(Claim(claims, "jti"));
  }
  EXPECT_EQ(jtis[0].size(), 43u);
  EXPECT_NE(jtis[0], jtis[1]);
  // A first-party session's token is unchanged.
  const VerifiedJwt own = Jwt(harness_.SignIn().access_token);
  EXPECT_EQ(Claim(own.header, "typ"), "JWT");
  EXPECT_EQ(Claim(own.claims, "aud"), "tgauth");
  EXPECT_FALSE(own.claims.fields().contains("client_id"));
  EXPECT_FALSE(own.claims.fields().contains("jti"));
}

TEST_F(RefreshGrantTest, AnAppsAccessTokenServesUserInfoAndRevocationButNotTgauthsOwnApi) {
  const TokenGrant grant = Granted();
  const std::string& token = grant.session.access_token;
  absl::Status own_api = harness_.validator->Validate(token).status();
  EXPECT_TRUE(absl::IsUnauthenticated(own_api)) << own_api;
  absl::StatusOr<AccessTokenClaims> caller = harness_.validator->ValidateIssued(token);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->client_id, "shop");
  absl::StatusOr<UserInfoClaims> info = user_info_.Claims(*caller);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_TRUE(info->profile.has_value());
  // A token claiming another client's session is refused.
  AccessTokenClaims forged = *caller;
  forged.client_id = "spa";
  EXPECT_TRUE(absl::IsUnauthenticated(user_info_.Claims(forged).status()));
  // Another client may not revoke it; its own client may.
  EXPECT_TRUE(absl::IsPermissionDenied(revocation_.Revoke("spa", "", token)));
  EXPECT_TRUE(absl::IsPermissionDenied(revocation_.Revoke("spa", "", grant.session.refresh_token)));
  ASSERT_TRUE(revocation_.Revoke("shop", shop_secret_, token).ok());
  EXPECT_TRUE(harness_.Stored(grant.session.session_id).revoked);
  EXPECT_TRUE(
      absl::IsFailedPrecondition(tokens_.Refresh(ByShop(grant.session.refresh_token)).status()));
}

TEST_F(RefreshGrantTest, TheIdTokenSaysHowTheSessionWasAuthenticated) {
  const TokenGrant grant = Granted();
  for (const std::string& id_token :
       {grant.id_token, tokens_.Refresh(ByShop(grant.session.refresh_token))->id_token}) {
    const google::protobuf::Struct id = Verified(id_token);
    ASSERT_TRUE(id.fields().contains("amr"));
    std::vector<std::string> amr;
    for (const auto& value : id.fields().at("amr").list_value().values()) {
      amr.push_back(value.string_value());
    }
    // Signed in by QR (harness_.SignIn), confirmed in the Telegram app.
    EXPECT_THAT(amr, ElementsAre("mca", "user"));
  }
}

}  // namespace
}  // namespace tgauth
