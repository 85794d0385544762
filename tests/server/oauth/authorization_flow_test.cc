// The authorization code flow on the in-memory stores: the authorization
// endpoint's checks and redirects (RFC 6749 section 4.1.2.1), the grant by
// the person's tgauth session, and the token endpoint's code exchange
// (RFC 6749 section 4.1.3, RFC 7636 section 4.6).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_invite_store.h"
#include "storage/memory/in_memory_user_admin_store.h"
#include "tests/server/oauth/authorization_flow_fixture.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

using AuthorizationFlowTest = AuthorizationFlowFixture;

TEST_F(AuthorizationFlowTest, AnUnknownClientOrUnregisteredRedirectUriIsNeverRedirectedTo) {
  for (const AuthorizationParameters& request :
       {Request({{"client_id", ""}}), Request({{"client_id", "nobody"}}),
        Request({{"redirect_uri", ""}}), Request({{"redirect_uri", "https://evil.example/cb"}}),
        Request({{"redirect_uri", std::string(kRedirect) + "/"}}),
        Request({{"client_id", "spa"}})}) {
    absl::StatusOr<AuthorizationStart> start = endpoint_.Start(request);
    EXPECT_TRUE(absl::IsInvalidArgument(start.status())) << start.status();
  }
  AuthorizationParameters repeated = Request();
  repeated.repeated = {"redirect_uri"};
  EXPECT_THAT(endpoint_.Start(repeated).status().message(), HasSubstr("redirect_uri is repeated"));
  EXPECT_EQ(requests_.size(), 0u);
}

TEST_F(AuthorizationFlowTest, OtherFaultsGoBackToTheClientWithStateAndIssuer) {
  const std::string prefix = std::string(kRedirect) + "?error=";
  const std::string tail = "&state=s-1&iss=https%3A%2F%2Fauth.example";
  struct Case {
    AuthorizationParameters request;
    std::string error;
  };
  AuthorizationParameters repeated = Request();
  repeated.repeated = {"scope"};
  for (const Case& c : std::vector<Case>{
           {Request({{"response_type", "token"}}), "unsupported_response_type"},
           {Request({{"response_type", ""}}), "invalid_request"},
           {Request({{"code_challenge", ""}}), "invalid_request"},
           {Request({{"code_challenge_method", "plain"}}), "invalid_request"},
           {Request({{"scope", "openid email"}}), "invalid_scope"},
           {Request({{"prompt", "none login"}}), "invalid_request"},
           {Request({{"prompt", "select_account"}}), "invalid_request"},
           {Request({{"max_age", "-1"}}), "invalid_request"},
           {Request({{"nonce", std::string(kMaxNonceBytes + 1, 'n')}}), "invalid_request"},
           {Request({{"request", "eyJ..."}}), "request_not_supported"},
           {Request({{"request_uri", "https://shop.example/r"}}), "request_uri_not_supported"},
           {repeated, "invalid_request"},
       }) {
    const std::string redirect = ErrorRedirect(c.request);
    EXPECT_THAT(redirect, StartsWith(prefix + c.error + "&error_description="));
    EXPECT_THAT(redirect, ::testing::EndsWith(tail)) << redirect;
  }
  EXPECT_EQ(requests_.size(), 0u);
}

TEST_F(AuthorizationFlowTest, AScopeTheClientMayNotAskForIsInvalidScope) {
  const std::string redirect = ErrorRedirect(Request({{"client_id", "spa"},
                                                      {"redirect_uri", "http://127.0.0.1:8080/cb"},
                                                      {"scope", "openid profile"}}));
  EXPECT_THAT(redirect, HasSubstr("error=invalid_scope"));
  EXPECT_THAT(redirect, HasSubstr("not+allowed+for+this+client"));
}

TEST_F(AuthorizationFlowTest, AnAcceptedRequestIsDescribedWithTheClientsName) {
  const std::string handle = Handle(Request({{"scope", "openid openid profile"}}));
  absl::StatusOr<AuthorizationSummary> summary = endpoint_.Describe(handle);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->client_id, "shop");
  EXPECT_EQ(summary->client_name, "Shop");
  EXPECT_THAT(summary->scopes, ::testing::ElementsAre("openid", "profile"));
  EXPECT_EQ(summary->prompt, "");
  EXPECT_TRUE(absl::IsInvalidArgument(endpoint_.Describe("not a handle").status()));
}

TEST_F(AuthorizationFlowTest, CompletingRedirectsWithASingleUseCodeAndUsesTheRequestUp) {
  const std::string handle = Handle(Request());
  absl::StatusOr<std::string> redirect = endpoint_.Complete(handle, SignedIn());
  ASSERT_TRUE(redirect.ok()) << redirect.status();
  EXPECT_THAT(*redirect, StartsWith(std::string(kRedirect) + "?code="));
  EXPECT_THAT(*redirect, ::testing::EndsWith("&state=s-1&iss=https%3A%2F%2Fauth.example"));
  EXPECT_TRUE(absl::IsNotFound(endpoint_.Complete(handle, SignedIn()).status()));
  EXPECT_TRUE(absl::IsNotFound(endpoint_.Describe(handle).status()));
}

TEST_F(AuthorizationFlowTest, OnlyALiveSessionOfThePersonGrants) {
  const std::string handle = Handle(Request());
  AuthorizingSession ada = SignedIn();
  AuthorizingSession grace = SignedIn(testing::Grace());
  EXPECT_TRUE(absl::IsUnauthenticated(
      endpoint_.Complete(handle, {.user_id = grace.user_id, .session_id = ada.session_id})
          .status()));
  ASSERT_TRUE(harness_.manager.RevokeOwn(ada.user_id, ada.session_id).ok());
  EXPECT_TRUE(absl::IsUnauthenticated(endpoint_.Complete(handle, ada).status()));
  // Refused without using the request up.
  EXPECT_TRUE(endpoint_.Complete(handle, grace).ok());
}

TEST_F(AuthorizationFlowTest, PromptLoginWantsASignInAfterTheRequest) {
  AuthorizingSession earlier = SignedIn();
  harness_.clock.Advance(absl::Seconds(5));
  const std::string handle = Handle(Request({{"prompt", "login"}}));
  EXPECT_EQ(endpoint_.Describe(handle)->prompt, "login");
  absl::StatusOr<std::string> refused = endpoint_.Complete(handle, earlier);
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
  harness_.clock.Advance(absl::Seconds(5));
  EXPECT_TRUE(endpoint_.Complete(handle, SignedIn()).ok());
}

TEST_F(AuthorizationFlowTest, MaxAgeBoundsTheAgeOfTheSignIn) {
  AuthorizingSession ada = SignedIn();
  harness_.clock.Advance(absl::Seconds(61));
  const std::string handle = Handle(Request({{"max_age", "60"}}));
  EXPECT_TRUE(absl::IsFailedPrecondition(endpoint_.Complete(handle, ada).status()));
  EXPECT_TRUE(endpoint_.Complete(Handle(Request({{"max_age", "120"}})), ada).ok());
}

TEST_F(AuthorizationFlowTest, DenyingRedirectsWithTheErrorAndUsesTheRequestUp) {
  const std::string handle = Handle(Request());
  EXPECT_TRUE(absl::IsInvalidArgument(endpoint_.Deny(handle, "server_error").status()));
  absl::StatusOr<std::string> redirect = endpoint_.Deny(handle, "login_required");
  ASSERT_TRUE(redirect.ok()) << redirect.status();
  EXPECT_THAT(*redirect, StartsWith(std::string(kRedirect) + "?error=login_required&"));
  EXPECT_THAT(*redirect, HasSubstr("&state=s-1&"));
  EXPECT_TRUE(absl::IsNotFound(endpoint_.Deny(handle, "access_denied").status()));
}

TEST_F(AuthorizationFlowTest, ARequestOfAClientDisabledSinceIsGone) {
  const std::string handle = Handle(Request());
  ASSERT_TRUE(admin_.Disable("shop").ok());
  EXPECT_TRUE(absl::IsNotFound(endpoint_.Describe(handle).status()));
  EXPECT_TRUE(absl::IsNotFound(endpoint_.Complete(handle, SignedIn()).status()));
}

TEST_F(AuthorizationFlowTest, TheCodeBuysASessionOfTheClientAndAnIdTokenAboutTheSignIn) {
  AuthorizingSession ada = SignedIn();
  const absl::Time signed_in_at = harness_.clock.Now();
  harness_.clock.Advance(absl::Seconds(30));
  const std::string handle = Handle(Request());
  const std::string code = CodeOf(*endpoint_.Complete(handle, ada));
  absl::StatusOr<TokenGrant> grant = tokens_.ExchangeCode(Exchange(code));
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->scope, "openid profile");
  EXPECT_NE(grant->session.session_id, ada.session_id);
  EXPECT_EQ(harness_.Stored(grant->session.session_id).user_id, ada.user_id);
  EXPECT_FALSE(grant->session.refresh_token.empty());
  google::protobuf::Struct id = Verified(grant->id_token);
  EXPECT_EQ(id.fields().at("iss").string_value(), kIssuer);
  EXPECT_EQ(id.fields().at("aud").string_value(), "shop");
  EXPECT_EQ(id.fields().at("sub").string_value(), ada.user_id);
  EXPECT_EQ(id.fields().at("sid").string_value(), grant->session.session_id);
  EXPECT_EQ(id.fields().at("nonce").string_value(), "n-1");
  EXPECT_EQ(id.fields().at("auth_time").number_value(), absl::ToUnixSeconds(signed_in_at));
  EXPECT_EQ(id.fields().at("name").string_value(), "Ada Lovelace");
  EXPECT_EQ(id.fields().at("preferred_username").string_value(), "ada_l");
}

TEST_F(AuthorizationFlowTest, TheSessionBelongsToTheClientWithItsScopeAndTheSignInsTime) {
  AuthorizingSession ada = SignedIn();
  const absl::Time signed_in_at = harness_.clock.Now();
  harness_.clock.Advance(absl::Seconds(30));
  const std::string code = CodeOf(*endpoint_.Complete(Handle(Request()), ada));
  absl::StatusOr<TokenGrant> grant = tokens_.ExchangeCode(Exchange(code));
  ASSERT_TRUE(grant.ok()) << grant.status();
  const storage::SessionRecord session = harness_.Stored(grant->session.session_id);
  EXPECT_EQ(session.client_id, "shop");
  EXPECT_EQ(session.scope, "openid profile");
  EXPECT_EQ(session.auth_time, signed_in_at);
  EXPECT_EQ(harness_.Stored(ada.session_id).client_id, "");
}

TEST_F(AuthorizationFlowTest, AnAppsSessionDoesNotGrantAnotherRequest) {
  absl::StatusOr<TokenGrant> grant = tokens_.ExchangeCode(Exchange(Code()));
  ASSERT_TRUE(grant.ok()) << grant.status();
  const AuthorizingSession app{.user_id = harness_.Stored(grant->session.session_id).user_id,
                               .session_id = grant->session.session_id};
  const std::string handle = Handle(Request());
  EXPECT_TRUE(absl::IsUnauthenticated(endpoint_.Complete(handle, app).status()));
  EXPECT_TRUE(endpoint_.Describe(handle).ok());  // Not used up.
}

TEST_F(AuthorizationFlowTest, WithoutTheOpenidScopeThereIsNoIdTokenNorProfile) {
  absl::StatusOr<TokenGrant> grant =
      tokens_.ExchangeCode(Exchange(Code(Request({{"scope", "profile"}}))));
  ASSERT_TRUE(grant.ok()) << grant.status();
  EXPECT_EQ(grant->scope, "profile");
  EXPECT_TRUE(grant->id_token.empty());
}

TEST_F(AuthorizationFlowTest, AnIdTokenWithoutTheProfileScopeNamesNobody) {
  absl::StatusOr<TokenGrant> grant =
      tokens_.ExchangeCode(Exchange(Code(Request({{"scope", "openid"}}))));
  ASSERT_TRUE(grant.ok()) << grant.status();
  google::protobuf::Struct id = Verified(grant->id_token);
  EXPECT_FALSE(id.fields().contains("name"));
  EXPECT_FALSE(id.fields().contains("preferred_username"));
}

TEST_F(AuthorizationFlowTest, AWrongVerifierRedirectUriOrClientIsInvalidGrantAndSpendsTheCode) {
  CodeExchange wrong_verifier = Exchange(Code());
  wrong_verifier.code_verifier = std::string(43, 'a');
  CodeExchange wrong_redirect = Exchange(Code());
  wrong_redirect.redirect_uri = "https://shop.example/other";
  CodeExchange other_client = Exchange(Code());
  other_client.client_id = "spa";
  other_client.client_secret = "";
  for (const CodeExchange& exchange : {wrong_verifier, wrong_redirect, other_client}) {
    absl::StatusOr<TokenGrant> refused = tokens_.ExchangeCode(exchange);
    EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
    // The right request comes too late: the code is spent.
    EXPECT_TRUE(absl::IsFailedPrecondition(tokens_.ExchangeCode(Exchange(exchange.code)).status()));
  }
}

TEST_F(AuthorizationFlowTest, AMalformedRequestIsInvalidRequestAndSpendsNothing) {
  const std::string code = Code();
  CodeExchange no_verifier = Exchange(code);
  no_verifier.code_verifier = "";
  CodeExchange short_verifier = Exchange(code);
  short_verifier.code_verifier = "abc";
  CodeExchange no_redirect = Exchange(code);
  no_redirect.redirect_uri = "";
  for (const CodeExchange& exchange : {no_verifier, short_verifier, no_redirect}) {
    EXPECT_TRUE(absl::IsInvalidArgument(tokens_.ExchangeCode(exchange).status()));
  }
  EXPECT_TRUE(tokens_.ExchangeCode(Exchange(code)).ok());
}

TEST_F(AuthorizationFlowTest, AClientThatFailsAuthenticationSpendsNothing) {
  const std::string code = Code();
  CodeExchange wrong_secret = Exchange(code);
  wrong_secret.client_secret = shop_secret_ + "x";
  CodeExchange no_secret = Exchange(code);
  no_secret.client_secret = "";
  for (const CodeExchange& exchange : {wrong_secret, no_secret}) {
    EXPECT_TRUE(absl::IsUnauthenticated(tokens_.ExchangeCode(exchange).status()));
  }
  EXPECT_TRUE(tokens_.ExchangeCode(Exchange(code)).ok());
}

TEST_F(AuthorizationFlowTest, AReusedCodeIsRefusedAndRevokesTheSessionItBought) {
  const std::string code = Code();
  absl::StatusOr<TokenGrant> first = tokens_.ExchangeCode(Exchange(code));
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<TokenGrant> again = tokens_.ExchangeCode(Exchange(code));
  EXPECT_TRUE(absl::IsFailedPrecondition(again.status()));
  EXPECT_THAT(again.status().message(), HasSubstr("already used"));
  EXPECT_TRUE(harness_.Stored(first->session.session_id).revoked);
  EXPECT_TRUE(harness_.RememberedAsRevoked(first->session.session_id));
}

TEST_F(AuthorizationFlowTest, AnExpiredOrUnknownCodeIsInvalidGrant) {
  const std::string code = Code();
  harness_.clock.Advance(storage::kAuthorizationCodeLifetime + absl::Seconds(1));
  EXPECT_TRUE(absl::IsFailedPrecondition(tokens_.ExchangeCode(Exchange(code)).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(tokens_.ExchangeCode(Exchange("nonsense")).status()));
}

TEST_F(AuthorizationFlowTest, AUserBlockedSinceTheSignInGetsNoSession) {
  const std::string code = Code();
  storage::InMemoryInviteStore invites{harness_.users};
  storage::InMemoryUserAdminStore admin{harness_.users, harness_.sessions, invites};
  ASSERT_TRUE(admin.Block(SignedIn().user_id, "spam", harness_.clock.Now()).ok());
  absl::StatusOr<TokenGrant> refused = tokens_.ExchangeCode(Exchange(code));
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
}

TEST_F(AuthorizationFlowTest, UserInfoReleasesWhatTheScopeAllows) {
  absl::StatusOr<TokenGrant> full = tokens_.ExchangeCode(Exchange(Code()));
  ASSERT_TRUE(full.ok()) << full.status();
  const std::string user_id = harness_.Stored(full->session.session_id).user_id;
  absl::StatusOr<UserInfoClaims> claims =
      user_info_.Claims({.user_id = user_id, .session_id = full->session.session_id});
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, user_id);
  EXPECT_EQ(claims->telegram_id, testing::Ada().telegram_id);
  ASSERT_TRUE(claims->profile.has_value());
  EXPECT_EQ(claims->profile->name, "Ada Lovelace");

  absl::StatusOr<TokenGrant> openid_only =
      tokens_.ExchangeCode(Exchange(Code(Request({{"scope", "openid"}}))));
  EXPECT_FALSE(
      user_info_.Claims({.user_id = user_id, .session_id = openid_only->session.session_id})
          ->profile.has_value());
  absl::StatusOr<TokenGrant> no_openid =
      tokens_.ExchangeCode(Exchange(Code(Request({{"scope", "profile"}}))));
  EXPECT_TRUE(absl::IsPermissionDenied(
      user_info_.Claims({.user_id = user_id, .session_id = no_openid->session.session_id})
          .status()));
  // tgauth's own session sees everything, as GetMe does.
  AuthorizingSession own = SignedIn();
  EXPECT_TRUE(user_info_.Claims({.user_id = own.user_id, .session_id = own.session_id})
                  ->profile.has_value());
  EXPECT_TRUE(absl::IsUnauthenticated(
      user_info_.Claims({.user_id = "someone-else", .session_id = own.session_id}).status()));
}

TEST_F(AuthorizationFlowTest, AClientRevokesItsOwnSessionsByEitherToken) {
  absl::StatusOr<TokenGrant> by_refresh = tokens_.ExchangeCode(Exchange(Code()));
  absl::StatusOr<TokenGrant> by_access = tokens_.ExchangeCode(Exchange(Code()));
  ASSERT_TRUE(by_refresh.ok() && by_access.ok());
  EXPECT_TRUE(revocation_.Revoke("shop", shop_secret_, by_refresh->session.refresh_token).ok());
  EXPECT_TRUE(harness_.Stored(by_refresh->session.session_id).revoked);
  EXPECT_TRUE(revocation_.Revoke("shop", shop_secret_, by_access->session.access_token).ok());
  EXPECT_TRUE(harness_.Stored(by_access->session.session_id).revoked);
  // Again, or an unknown token: nothing to tell the client (RFC 7009 2.2).
  EXPECT_TRUE(revocation_.Revoke("shop", shop_secret_, by_refresh->session.refresh_token).ok());
  EXPECT_TRUE(revocation_.Revoke("shop", shop_secret_, by_access->session.access_token).ok());
  EXPECT_TRUE(revocation_.Revoke("shop", shop_secret_, "not-a-token").ok());
}

TEST_F(AuthorizationFlowTest, AClientCannotRevokeAnotherClientsOrTgauthsOwnSession) {
  absl::StatusOr<TokenGrant> shops = tokens_.ExchangeCode(Exchange(Code()));
  ASSERT_TRUE(shops.ok()) << shops.status();
  EXPECT_TRUE(
      absl::IsPermissionDenied(revocation_.Revoke("spa", "", shops->session.refresh_token)));
  IssuedSession own = harness_.SignIn();
  EXPECT_TRUE(
      absl::IsPermissionDenied(revocation_.Revoke("shop", shop_secret_, own.refresh_token)));
  EXPECT_TRUE(absl::IsUnauthenticated(revocation_.Revoke("shop", "wrong", own.refresh_token)));
  EXPECT_TRUE(absl::IsInvalidArgument(revocation_.Revoke("shop", shop_secret_, "")));
  EXPECT_FALSE(harness_.Stored(shops->session.session_id).revoked);
  EXPECT_FALSE(harness_.Stored(own.session_id).revoked);
}

// OpenID Connect RP-Initiated Logout 1.0.

TEST_F(AuthorizationFlowTest, LogoutEndsTheAppsSessionOnlyAndRedirectsWithTheState) {
  AuthorizingSession ada = SignedIn();
  absl::StatusOr<TokenGrant> grant =
      tokens_.ExchangeCode(Exchange(CodeOf(*endpoint_.Complete(Handle(Request()), ada))));
  ASSERT_TRUE(grant.ok()) << grant.status();
  absl::StatusOr<std::string> redirect = end_session_.End(
      {.id_token_hint = grant->id_token, .post_logout_redirect_uri = kSignedOut, .state = "s 1"});
  ASSERT_TRUE(redirect.ok()) << redirect.status();
  EXPECT_EQ(*redirect, "https://shop.example/signed-out?from=tgauth&state=s+1");
  EXPECT_TRUE(harness_.Stored(grant->session.session_id).revoked);
  EXPECT_EQ(harness_.Stored(grant->session.session_id).revoke_reason, "logout");
  EXPECT_TRUE(harness_.RememberedAsRevoked(grant->session.session_id));
  // The person's own session with tgauth, which granted the app, stays.
  EXPECT_FALSE(harness_.Stored(ada.session_id).revoked);
}

TEST_F(AuthorizationFlowTest, LogoutAcceptsAnExpiredHintAndAnEndedSession) {
  absl::StatusOr<TokenGrant> grant = tokens_.ExchangeCode(Exchange(Code()));
  ASSERT_TRUE(grant.ok()) << grant.status();
  harness_.clock.Advance(absl::Hours(3));  // Past the ID token's exp.
  absl::StatusOr<std::string> ended =
      end_session_.End({.id_token_hint = grant->id_token, .client_id = "shop"});
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(*ended, "");
  EXPECT_TRUE(harness_.Stored(grant->session.session_id).revoked);
  absl::StatusOr<std::string> again =
      end_session_.End({.id_token_hint = grant->id_token, .post_logout_redirect_uri = kSignedOut});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, kSignedOut);  // No state: none added.
}

TEST_F(AuthorizationFlowTest, AFaultyLogoutRequestEndsNothingAndIsNeverRedirected) {
  absl::StatusOr<TokenGrant> grant = tokens_.ExchangeCode(Exchange(Code()));
  ASSERT_TRUE(grant.ok()) << grant.status();
  const std::string hint = grant->id_token;
  std::string tampered = hint;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  const std::unique_ptr<SigningKey> stranger_key = *SigningKey::Generate();
  IdTokenSigner stranger(kIssuer, *stranger_key);
  IdTokenSigner other_issuer("https://evil.example", *harness_.key);
  IdTokenClaims claims{.user_id = harness_.Stored(grant->session.session_id).user_id,
                       .client_id = "shop",
                       .session_id = grant->session.session_id,
                       .issued_at = harness_.clock.Now(),
                       .expires_at = harness_.clock.Now() + absl::Hours(1),
                       .auth_time = harness_.clock.Now()};
  const struct {
    EndSessionParameters parameters;
    const char* says;
  } cases[] = {
      {{.post_logout_redirect_uri = kSignedOut}, "id_token_hint is required"},
      {{.id_token_hint = "not-a-jwt"}, "not signed by tgauth"},
      {{.id_token_hint = tampered}, "not signed by tgauth"},
      {{.id_token_hint = *stranger.Sign(claims)}, "not signed by tgauth"},
      {{.id_token_hint = *other_issuer.Sign(claims)}, "wrong issuer"},
      {{.id_token_hint = grant->session.access_token}, "id_token_hint is not valid"},
      {{.id_token_hint = std::string(kMaxIdTokenHintBytes + 1, 'a')}, "longer than"},
      {{.id_token_hint = hint, .client_id = "spa"}, "not the audience"},
      // A redirect URI, not a post-logout one; then not byte for byte.
      {{.id_token_hint = hint, .post_logout_redirect_uri = kRedirect}, "not one the client"},
      {{.id_token_hint = hint, .post_logout_redirect_uri = "https://shop.example/signed-out"},
       "not one the client"},
      {{.id_token_hint = hint, .state = std::string(kMaxStateBytes + 1, 's')}, "state is longer"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<std::string> refused = end_session_.End(c.parameters);
    EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << c.says << ": " << refused.status();
    EXPECT_THAT(refused.status().message(), HasSubstr(c.says));
  }
  EXPECT_FALSE(harness_.Stored(grant->session.session_id).revoked);
}

TEST_F(AuthorizationFlowTest, AHintNamingAnotherClientsOrUsersSessionIsRefused) {
  absl::StatusOr<TokenGrant> grant = tokens_.ExchangeCode(Exchange(Code()));
  ASSERT_TRUE(grant.ok()) << grant.status();
  AuthorizingSession own = SignedIn();  // tgauth's own session: no client.
  IdTokenSigner signer(kIssuer, *harness_.key);
  const IdTokenClaims naming_own{.user_id = own.user_id,
                                 .client_id = "shop",
                                 .session_id = own.session_id,
                                 .issued_at = harness_.clock.Now(),
                                 .expires_at = harness_.clock.Now() + absl::Hours(1),
                                 .auth_time = harness_.clock.Now()};
  IdTokenClaims naming_another_user = naming_own;
  naming_another_user.user_id = "someone-else";
  naming_another_user.session_id = grant->session.session_id;
  for (const IdTokenClaims& claims : {naming_own, naming_another_user}) {
    EXPECT_TRUE(absl::IsInvalidArgument(
        end_session_.End({.id_token_hint = *signer.Sign(claims)}).status()));
  }
  EXPECT_FALSE(harness_.Stored(own.session_id).revoked);
  EXPECT_FALSE(harness_.Stored(grant->session.session_id).revoked);
}

TEST_F(AuthorizationFlowTest, AHintOfADisabledClientIsRefused) {
  absl::StatusOr<TokenGrant> grant = tokens_.ExchangeCode(Exchange(Code()));
  ASSERT_TRUE(grant.ok()) << grant.status();
  ASSERT_TRUE(admin_.Disable("shop").ok());
  EXPECT_TRUE(
      absl::IsInvalidArgument(end_session_.End({.id_token_hint = grant->id_token}).status()));
}

}  // namespace
}  // namespace tgauth
