// Token introspection (RFC 7662) on the in-memory stores: which client may
// ask, which tokens are active, and what an active one tells.
#include "server/oauth/token_introspection.h"

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/oauth/client_administration.h"
#include "server/oauth/client_registry.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

constexpr char kIssuer[] = "https://auth.example";

class TokenIntrospectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shop_secret_ = Register("shop", true, false);
    other_secret_ = Register("other", true, false);
    api_secret_ = Register("api", true, true);
    Register("spa", false, false);
    ada_id_ = harness_.Stored(harness_.SignIn().session_id).user_id;
  }

  // Registers client `id`; its secret ("" for a public client).
  std::string Register(const std::string& id, bool confidential, bool may_introspect_any) {
    absl::StatusOr<ClientWithSecret> created =
        admin_.Create({.client_id = id,
                       .confidential = confidential,
                       .settings = {.name = id,
                                    .redirect_uris = {"https://" + id + ".example/cb"},
                                    .may_introspect_any = may_introspect_any}});
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->secret : "";
  }

  // A session of Ada's for "shop" with `scope`.
  IssuedSession ShopSession(const std::string& scope = "openid profile") {
    absl::StatusOr<IssuedSignIn> issued = harness_.issuer->IssueForClient(
        {.user_id = ada_id_, .client_id = "shop", .scope = scope, .sign_in_method = "qr"});
    EXPECT_TRUE(issued.ok()) << issued.status();
    return issued.ok() ? issued->session : IssuedSession();
  }

  // What "shop" learns about `token`; nullopt for inactive (or a failure).
  std::optional<ActiveToken> AsShop(const std::string& token) {
    absl::StatusOr<std::optional<ActiveToken>> active =
        introspection_.Introspect("shop", shop_secret_, token);
    EXPECT_TRUE(active.ok()) << active.status();
    return active.ok() ? *active : std::nullopt;
  }

  testing::SessionTestHarness harness_;
  OAuthClientAdministration admin_{harness_.oauth_clients, harness_.clock};
  ClientRegistry clients_{harness_.oauth_clients};
  TokenIntrospection introspection_{kIssuer,           "tgauth",           clients_,
                                    harness_.sessions, harness_.directory, *harness_.validator,
                                    harness_.clock};
  std::string shop_secret_;
  std::string other_secret_;
  std::string api_secret_;
  std::string ada_id_;
};

TEST_F(TokenIntrospectionTest, AClientsOwnAccessTokenIsActiveWithWhatItStandsFor) {
  const absl::Time issued_at = absl::FromUnixSeconds(absl::ToUnixSeconds(harness_.clock.Now()));
  const IssuedSession session = ShopSession();
  std::optional<ActiveToken> active = AsShop(session.access_token);
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->kind, ActiveToken::Kind::kAccessToken);
  EXPECT_EQ(active->issuer, kIssuer);
  EXPECT_EQ(active->audience, "shop");  // An app's RFC 9068 token is for the app.
  EXPECT_FALSE(active->jti.empty());
  EXPECT_EQ(active->user_id, ada_id_);
  EXPECT_EQ(active->session_id, session.session_id);
  EXPECT_EQ(active->client_id, "shop");
  EXPECT_EQ(active->scope, "openid profile");
  EXPECT_EQ(active->username, "ada_l");
  EXPECT_EQ(active->issued_at, issued_at);
  EXPECT_EQ(active->expires_at, issued_at + session.access_token_lifetime);
}

TEST_F(TokenIntrospectionTest, AClientsOwnRefreshTokenIsActiveUntilItsIdleLifetimeEnds) {
  const absl::Time issued_at = harness_.clock.Now();
  const IssuedSession session = ShopSession();
  std::optional<ActiveToken> active = AsShop(session.refresh_token);
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->kind, ActiveToken::Kind::kRefreshToken);
  EXPECT_EQ(active->audience, "");
  EXPECT_EQ(active->session_id, session.session_id);
  EXPECT_EQ(active->client_id, "shop");
  EXPECT_EQ(active->issued_at, issued_at);
  EXPECT_EQ(active->expires_at, issued_at + session.refresh_token_lifetime);
  harness_.clock.Advance(session.refresh_token_lifetime);
  EXPECT_FALSE(AsShop(session.refresh_token).has_value());
}

TEST_F(TokenIntrospectionTest, TheUsernameNeedsTheProfileScope) {
  std::optional<ActiveToken> active = AsShop(ShopSession("openid").access_token);
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->username, "");
  EXPECT_EQ(active->scope, "openid");
}

TEST_F(TokenIntrospectionTest, AnotherClientsTokenIsInactiveAsIfItNeverExisted) {
  const IssuedSession session = ShopSession();
  const IssuedSession own = harness_.SignIn();  // A session with tgauth itself.
  for (const std::string& token :
       {session.access_token, session.refresh_token, own.access_token, own.refresh_token}) {
    absl::StatusOr<std::optional<ActiveToken>> active =
        introspection_.Introspect("other", other_secret_, token);
    ASSERT_TRUE(active.ok()) << active.status();
    EXPECT_FALSE(active->has_value());
  }
  EXPECT_FALSE(AsShop(own.access_token).has_value());
}

TEST_F(TokenIntrospectionTest, AClientThatMayIntrospectAnySeesEveryActiveToken) {
  const IssuedSession session = ShopSession("openid");
  const IssuedSession own = harness_.SignIn();
  absl::StatusOr<std::optional<ActiveToken>> shops =
      introspection_.Introspect("api", api_secret_, session.access_token);
  ASSERT_TRUE(shops.ok() && shops->has_value()) << shops.status();
  EXPECT_EQ((*shops)->client_id, "shop");
  EXPECT_EQ((*shops)->username, "");  // The scope decides, not who asks.
  absl::StatusOr<std::optional<ActiveToken>> tgauths =
      introspection_.Introspect("api", api_secret_, own.refresh_token);
  ASSERT_TRUE(tgauths.ok() && tgauths->has_value()) << tgauths.status();
  EXPECT_EQ((*tgauths)->client_id, "");
  EXPECT_EQ((*tgauths)->username, "ada_l");
}

TEST_F(TokenIntrospectionTest, APublicClientOrAFailedAuthenticationIsRefused) {
  const IssuedSession session = ShopSession();
  absl::StatusOr<std::optional<ActiveToken>> spa =
      introspection_.Introspect("spa", "", session.access_token);
  EXPECT_TRUE(absl::IsUnauthenticated(spa.status())) << spa.status();
  EXPECT_THAT(spa.status().message(), HasSubstr("public client"));
  for (const auto& [id, secret] :
       {std::pair{"shop", std::string("wrong")}, std::pair{"shop", std::string()},
        std::pair{"nobody", shop_secret_}}) {
    EXPECT_TRUE(absl::IsUnauthenticated(
        introspection_.Introspect(id, secret, session.access_token).status()))
        << id;
  }
}

TEST_F(TokenIntrospectionTest, AnEmptyTokenIsInvalidRequest) {
  EXPECT_TRUE(
      absl::IsInvalidArgument(introspection_.Introspect("shop", shop_secret_, "").status()));
}

TEST_F(TokenIntrospectionTest, ARevokedSessionsTokensAreInactiveAtOnce) {
  const IssuedSession session = ShopSession();
  // Straight in the store, as another replica would: this replica's
  // revocation list does not know yet, and the validator still accepts.
  ASSERT_TRUE(harness_.sessions.Revoke(session.session_id, harness_.clock.Now(), "logout").ok());
  ASSERT_TRUE(harness_.validator->ValidateIssued(session.access_token).ok());
  EXPECT_FALSE(AsShop(session.access_token).has_value());
  EXPECT_FALSE(AsShop(session.refresh_token).has_value());
}

TEST_F(TokenIntrospectionTest, AnExpiredAccessTokenIsInactive) {
  const IssuedSession session = ShopSession();
  harness_.clock.Advance(session.access_token_lifetime);
  EXPECT_FALSE(AsShop(session.access_token).has_value());
}

TEST_F(TokenIntrospectionTest, ARotatedAwayRefreshTokenIsInactiveEvenWithinTheGraceWindow) {
  const IssuedSession first = ShopSession();
  const storage::RefreshTokenHolder shop = storage::RefreshTokenHolder::Client("shop");
  absl::StatusOr<RefreshedSession> second =
      harness_.refresher.RefreshFor(shop, first.refresh_token, testing::kClientIp);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE(AsShop(first.refresh_token).has_value());
  EXPECT_TRUE(AsShop(second->issued.refresh_token).has_value());
  // Introspection wrote nothing: the replay within the window still gets
  // the current pair, and the session lives.
  ASSERT_TRUE(harness_.refresher.RefreshFor(shop, first.refresh_token, testing::kClientIp).ok());
  EXPECT_FALSE(harness_.Stored(first.session_id).revoked);
}

TEST_F(TokenIntrospectionTest, GarbageAndUnknownTokensAreInactive) {
  const IssuedSession session = ShopSession();
  // A character of the signature's first bytes (the last ones may carry
  // only padding bits).
  std::string tampered = session.access_token;
  char& signature = tampered[tampered.rfind('.') + 2];
  signature = signature == 'A' ? 'B' : 'A';
  for (const std::string& token :
       {std::string("garbage"), std::string(43, 'x'), std::string(5000, 'a'), tampered,
        std::string("a.b.c"), session.access_token + "."}) {
    EXPECT_FALSE(AsShop(token).has_value())
        << token.substr(token.size() > 20 ? token.size() - 20 : 0);
  }
}

}  // namespace
}  // namespace tgauth
