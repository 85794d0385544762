// The OpenID Provider's HTTP side (gateway/oauth_routes.h) against a fake
// OAuthService: what reaches the RPCs, and the answers RFC 6749 asks for.
#include "absl/strings/escaping.h"
#include "tests/gateway/gateway_fixture.h"

namespace tgauth::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kForm[] = "application/x-www-form-urlencoded";

std::string Basic(const std::string& id, const std::string& secret) {
  return "Basic " + absl::Base64Escape(id + ":" + secret);
}

std::string JsonField(const TestResponse& response, const std::string& name) {
  const google::protobuf::Value json = ParseJson(response.body);
  const auto& fields = json.struct_value().fields();
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second.string_value();
}

class OAuthRoutesTest : public GatewayFixture {
 protected:
  TestResponse Token(std::string body, Headers headers = {}) {
    headers.emplace_back("Content-Type", kForm);
    return Post("/oauth2/token", std::move(body), std::move(headers));
  }
};

TEST_F(OAuthRoutesTest, AnAcceptedRequestGoesToTheSignInPageWithItsHandle) {
  tgauth::v1::StartAuthorizationResponse accepted;
  accepted.set_handle("h-123");
  fake_oauth_.start_authorization.Answer(grpc::Status::OK, accepted);
  TestResponse response =
      Get("/oauth2/authorize?response_type=code&client_id=shop&state=a%20b&scope=openid&scope=x");
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.Header("location"), "/?authorization=h-123");
  auto calls = fake_oauth_.start_authorization.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.parameters().at("state"), "a b");
  EXPECT_EQ(calls[0].request.parameters().at("client_id"), "shop");
  EXPECT_THAT(calls[0].request.repeated_parameters(), ElementsAre("scope"));
}

TEST_F(OAuthRoutesTest, ARefusedRequestGoesBackToTheClient) {
  tgauth::v1::StartAuthorizationResponse refused;
  refused.set_error_redirect("https://shop.example/cb?error=invalid_scope&state=s");
  fake_oauth_.start_authorization.Answer(grpc::Status::OK, refused);
  TestResponse response = Get("/oauth2/authorize?client_id=shop");
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.Header("location"), "https://shop.example/cb?error=invalid_scope&state=s");
}

TEST_F(OAuthRoutesTest, ARequestThatMustNotBeRedirectedIsAnsweredHere) {
  fake_oauth_.start_authorization.Answer(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "redirect_uri is not registered"));
  TestResponse response = Get("/oauth2/authorize?client_id=shop&redirect_uri=https://evil/");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.Header("location"), "");
  EXPECT_EQ(JsonField(response, "error"), "invalid_request");
  EXPECT_EQ(JsonField(response, "error_description"), "redirect_uri is not registered");
}

TEST_F(OAuthRoutesTest, TheTokenEndpointPassesTheClientAndTheGrantOn) {
  tgauth::v1::TokenResponse tokens;
  tokens.set_access_token("at");
  tokens.set_token_type("Bearer");
  tokens.set_expires_in(900);
  tokens.set_refresh_token("rt");
  tokens.set_id_token("idt");
  tokens.set_scope("openid");
  fake_oauth_.exchange_code.Answer(grpc::Status::OK, tokens);
  TestResponse response = Token(
      "grant_type=authorization_code&code=c&redirect_uri=https%3A%2F%2Fshop.example%2Fcb"
      "&code_verifier=v",
      {{"Authorization", Basic("shop", "s3cret")}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_EQ(response.Header("pragma"), "no-cache");
  EXPECT_THAT(response.body,
              JsonEq(R"({"access_token": "at", "token_type": "Bearer", "expires_in": 900,
                         "refresh_token": "rt", "scope": "openid", "id_token": "idt"})"));
  auto calls = fake_oauth_.exchange_code.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.client_id(), "shop");
  EXPECT_EQ(calls[0].request.client_secret(), "s3cret");
  EXPECT_EQ(calls[0].request.code(), "c");
  EXPECT_EQ(calls[0].request.redirect_uri(), "https://shop.example/cb");
  EXPECT_EQ(calls[0].request.code_verifier(), "v");
}

TEST_F(OAuthRoutesTest, AMalformedTokenRequestIsRefusedBeforeAnyRpc) {
  struct Case {
    std::string body;
    std::string error;
  };
  for (const Case& c : std::vector<Case>{
           {"client_id=spa&code=c", "invalid_request"},
           {"client_id=spa&grant_type=password&username=u", "unsupported_grant_type"},
           {"client_id=spa&grant_type=client_credentials", "unsupported_grant_type"},
           {"client_id=spa&grant_type=refresh_token&refresh_token=a&refresh_token=b",
            "invalid_request"},
           {"client_id=spa&grant_type=authorization_code&code=a&code=b", "invalid_request"},
           {"client_id=spa&grant_type=authorization_code&code=%zz", "invalid_request"},
           {"grant_type=authorization_code&code=c", "invalid_client"},
       }) {
    TestResponse response = Token(c.body);
    EXPECT_EQ(JsonField(response, "error"), c.error) << c.body;
    EXPECT_THAT(response.status, ::testing::AnyOf(400, 401)) << c.body;
    EXPECT_EQ(response.Header("cache-control"), "no-store");
  }
  EXPECT_THAT(fake_oauth_.exchange_code.calls(), IsEmpty());
  EXPECT_THAT(fake_oauth_.refresh_token.calls(), IsEmpty());
}

TEST_F(OAuthRoutesTest, TheRefreshGrantPassesTheClientTheTokenScopeAndAddressOn) {
  tgauth::v1::TokenResponse tokens;
  tokens.set_access_token("at2");
  tokens.set_token_type("Bearer");
  tokens.set_expires_in(900);
  tokens.set_refresh_token("rt2");
  tokens.set_scope("openid");
  fake_oauth_.refresh_token.Answer(grpc::Status::OK, tokens);
  TestResponse response = Token("grant_type=refresh_token&refresh_token=rt1&scope=openid",
                                {{"Authorization", Basic("shop", "s3cret")}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_EQ(response.Header("pragma"), "no-cache");
  EXPECT_THAT(response.body,
              JsonEq(R"({"access_token": "at2", "token_type": "Bearer", "expires_in": 900,
                         "refresh_token": "rt2", "scope": "openid"})"));
  auto calls = fake_oauth_.refresh_token.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.client_id(), "shop");
  EXPECT_EQ(calls[0].request.client_secret(), "s3cret");
  EXPECT_EQ(calls[0].request.refresh_token(), "rt1");
  EXPECT_EQ(calls[0].request.scope(), "openid");
  EXPECT_EQ(calls[0].request.device().ip_address(), "127.0.0.1");
  EXPECT_THAT(fake_oauth_.exchange_code.calls(), IsEmpty());
}

TEST_F(OAuthRoutesTest, TheRefreshGrantsRefusalsBecomeRfc6749Errors) {
  const std::string body = "client_id=spa&grant_type=refresh_token&refresh_token=r";
  struct Case {
    grpc::StatusCode code;
    int status;
    std::string error;
  };
  for (const Case& c : std::vector<Case>{
           {grpc::StatusCode::FAILED_PRECONDITION, 400, "invalid_grant"},
           {grpc::StatusCode::OUT_OF_RANGE, 400, "invalid_scope"},
           {grpc::StatusCode::INVALID_ARGUMENT, 400, "invalid_request"},
           {grpc::StatusCode::UNAUTHENTICATED, 401, "invalid_client"},
           {grpc::StatusCode::RESOURCE_EXHAUSTED, 503, "temporarily_unavailable"},
       }) {
    fake_oauth_.refresh_token.Answer(grpc::Status(c.code, "refused"));
    TestResponse response = Token(body);
    EXPECT_EQ(response.status, c.status) << c.error;
    EXPECT_EQ(JsonField(response, "error"), c.error);
    EXPECT_EQ(response.Header("cache-control"), "no-store");
  }
}

TEST_F(OAuthRoutesTest, TheServersRefusalsBecomeRfc6749Errors) {
  const std::string body = "client_id=spa&grant_type=authorization_code&code=c";
  fake_oauth_.exchange_code.Answer(
      grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "the code was already used"));
  TestResponse used = Token(body);
  EXPECT_EQ(used.status, 400);
  EXPECT_EQ(JsonField(used, "error"), "invalid_grant");
  EXPECT_EQ(JsonField(used, "error_description"), "the code was already used");

  fake_oauth_.exchange_code.Answer(
      grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "client authentication failed"));
  TestResponse public_client = Token(body);
  EXPECT_EQ(public_client.status, 401);
  EXPECT_EQ(JsonField(public_client, "error"), "invalid_client");
  EXPECT_EQ(public_client.Header("www-authenticate"), "");
  TestResponse basic =
      Token("grant_type=authorization_code&code=c", {{"Authorization", Basic("shop", "wrong")}});
  EXPECT_EQ(basic.status, 401);
  EXPECT_THAT(basic.Header("www-authenticate"), HasSubstr("Basic"));

  fake_oauth_.exchange_code.Answer(
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "connect to 10.0.0.7:50051 failed"));
  TestResponse down = Token(body);
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(JsonField(down, "error"), "temporarily_unavailable");
  EXPECT_THAT(down.body, Not(HasSubstr("10.0.0.7")));
}

TEST_F(OAuthRoutesTest, ABrowserAppOfAnAllowedOriginMayCallTheTokenEndpoint) {
  TestResponse preflight =
      Request("OPTIONS", "/oauth2/token", {},
              {{"Origin", kAllowedOrigin}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), kAllowedOrigin);
  TestResponse other =
      Request("OPTIONS", "/oauth2/token", {},
              {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(other.Header("access-control-allow-origin"), "");
}

TEST_F(OAuthRoutesTest, CompletingNeedsTheAccessTokenAndPassesItOn) {
  TestResponse anonymous = Post("/v1/authorizations:complete", R"({"handle": "h"})");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_THAT(fake_oauth_.complete_authorization.calls(), IsEmpty());

  tgauth::v1::AuthorizationRedirect redirect;
  redirect.set_redirect_uri("https://shop.example/cb?code=x");
  fake_oauth_.complete_authorization.Answer(grpc::Status::OK, redirect);
  TestResponse response = Post("/v1/authorizations:complete", R"({"handle": "h"})",
                               {{"Authorization", "Bearer the-access-token"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(JsonField(response, "redirectUri"), "https://shop.example/cb?code=x");
  auto calls = fake_oauth_.complete_authorization.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.handle(), "h");
  EXPECT_EQ(calls[0].authorization, "Bearer the-access-token");
}

TEST_F(OAuthRoutesTest, ThePagesCallsNeedTheirFields) {
  EXPECT_EQ(Post("/v1/authorizations:describe", "{}").status, 400);
  EXPECT_EQ(Post("/v1/authorizations:deny", R"({"handle": "h"})").status, 400);
  EXPECT_EQ(Post("/v1/authorizations:complete", "[]", {{"Authorization", "Bearer t"}}).status, 400);
  EXPECT_THAT(fake_oauth_.describe_authorization.calls(), IsEmpty());
  EXPECT_THAT(fake_oauth_.deny_authorization.calls(), IsEmpty());
  EXPECT_THAT(fake_oauth_.complete_authorization.calls(), IsEmpty());
}

TEST_F(OAuthRoutesTest, DenyingPassesTheErrorOn) {
  tgauth::v1::AuthorizationRedirect redirect;
  redirect.set_redirect_uri("https://shop.example/cb?error=access_denied");
  fake_oauth_.deny_authorization.Answer(grpc::Status::OK, redirect);
  TestResponse response =
      Post("/v1/authorizations:deny", R"({"handle": "h", "error": "access_denied"})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(JsonField(response, "redirectUri"), "https://shop.example/cb?error=access_denied");
  EXPECT_EQ(fake_oauth_.deny_authorization.calls().at(0).request.error(), "access_denied");
}

TEST_F(OAuthRoutesTest, UserInfoAnswersTheClaimsWithTelegramIdAsANumber) {
  EXPECT_EQ(Get("/oauth2/userinfo").status, 401);
  tgauth::v1::UserInfo info;
  info.set_sub("user-1");
  info.set_telegram_id(7000000001);
  info.set_name("Ada Lovelace");
  fake_oauth_.get_user_info.Answer(grpc::Status::OK, info);
  for (const char* method : {"GET", "POST"}) {
    TestResponse response =
        Request(method, "/oauth2/userinfo", {}, {{"Authorization", "Bearer the-token"}});
    EXPECT_EQ(response.status, 200) << method;
    EXPECT_EQ(response.Header("cache-control"), "no-store");
    EXPECT_THAT(response.body,
                JsonEq(R"({"sub": "user-1", "telegram_id": 7000000001, "name": "Ada Lovelace"})"));
  }
  EXPECT_EQ(fake_oauth_.get_user_info.calls().at(0).authorization, "Bearer the-token");
}

TEST_F(OAuthRoutesTest, UserInfoRefusalsCarryRfc6750Challenges) {
  fake_oauth_.get_user_info.Answer(
      grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "no openid scope"));
  TestResponse scope = Get("/oauth2/userinfo", {{"Authorization", "Bearer t"}});
  EXPECT_EQ(scope.status, 403);
  EXPECT_THAT(scope.Header("www-authenticate"), HasSubstr("insufficient_scope"));
  fake_oauth_.get_user_info.Answer(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "revoked"));
  TestResponse revoked = Get("/oauth2/userinfo", {{"Authorization", "Bearer t"}});
  EXPECT_EQ(revoked.status, 401);
  EXPECT_THAT(revoked.Header("www-authenticate"), HasSubstr("invalid_token"));
}

TEST_F(OAuthRoutesTest, RevocationPassesTheClientAndTheTokenOn) {
  TestResponse revoked =
      Post("/oauth2/revoke", "token=the-refresh-token",
           {{"Authorization", Basic("shop", "s3cret")}, {"Content-Type", kForm}});
  EXPECT_EQ(revoked.status, 200);
  EXPECT_EQ(revoked.body, "");
  auto calls = fake_oauth_.revoke_token.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.client_id(), "shop");
  EXPECT_EQ(calls[0].request.client_secret(), "s3cret");
  EXPECT_EQ(calls[0].request.token(), "the-refresh-token");

  fake_oauth_.revoke_token.Answer(
      grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "the token was not issued to this client"));
  TestResponse other = Post("/oauth2/revoke", "client_id=spa&token=t", {{"Content-Type", kForm}});
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(JsonField(other, "error"), "unauthorized_client");
  EXPECT_EQ(Post("/oauth2/revoke", "token=t", {{"Content-Type", kForm}}).status, 401);
}

TEST_F(OAuthRoutesTest, LogoutByGetPassesTheQueryOnAndRedirectsWhereTheServerSays) {
  tgauth::v1::EndSessionResponse ended;
  ended.set_redirect_uri("https://shop.example/bye?state=s+1");
  fake_oauth_.end_session.Answer(grpc::Status::OK, ended);
  TestResponse response =
      Get("/oauth2/logout?id_token_hint=h.i.nt&client_id=shop&post_logout_redirect_uri="
          "https%3A%2F%2Fshop.example%2Fbye&state=s%201&ui_locales=de");
  EXPECT_EQ(response.status, 303);
  EXPECT_EQ(response.Header("location"), "https://shop.example/bye?state=s+1");
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  auto calls = fake_oauth_.end_session.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.id_token_hint(), "h.i.nt");
  EXPECT_EQ(calls[0].request.client_id(), "shop");
  EXPECT_EQ(calls[0].request.post_logout_redirect_uri(), "https://shop.example/bye");
  EXPECT_EQ(calls[0].request.state(), "s 1");
}

TEST_F(OAuthRoutesTest, LogoutByPostReadsTheFormAndWithoutARedirectSaysSignedOut) {
  TestResponse response =
      Post("/oauth2/logout", "id_token_hint=h.i.nt&state=x", {{"Content-Type", kForm}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("location"), "");
  EXPECT_THAT(response.Header("content-type"), HasSubstr("text/plain"));
  EXPECT_EQ(response.body, "Signed out.\n");
  auto calls = fake_oauth_.end_session.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.id_token_hint(), "h.i.nt");
  EXPECT_EQ(calls[0].request.state(), "x");
}

TEST_F(OAuthRoutesTest, ARefusedLogoutIsAnsweredHereAndNeverRedirected) {
  fake_oauth_.end_session.Answer(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                   "post_logout_redirect_uri is not one the client registered"));
  TestResponse refused =
      Get("/oauth2/logout?id_token_hint=h&post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.Header("location"), "");
  EXPECT_EQ(JsonField(refused, "error"), "invalid_request");
  EXPECT_EQ(JsonField(refused, "error_description"),
            "post_logout_redirect_uri is not one the client registered");
}

TEST_F(OAuthRoutesTest, AMalformedLogoutRequestIsRefusedBeforeAnyRpc) {
  EXPECT_EQ(Get("/oauth2/logout?id_token_hint=a&id_token_hint=b").status, 400);
  EXPECT_EQ(Post("/oauth2/logout", "id_token_hint=%zz", {{"Content-Type", kForm}}).status, 400);
  EXPECT_THAT(fake_oauth_.end_session.calls(), IsEmpty());
}

TEST_F(OAuthRoutesTest, IntrospectionPassesTheClientAndTheTokenOnAndAnswersRfc7662Members) {
  tgauth::v1::TokenIntrospection active;
  active.set_active(true);
  active.set_scope("openid profile");
  active.set_client_id("shop");
  active.set_username("ada_l");
  active.set_token_type("Bearer");
  active.set_exp(1767225600);
  active.set_iat(1767224700);
  active.set_sub("user-1");
  active.set_aud("tgauth");
  active.set_iss("https://auth.example");
  active.set_sid("session-1");
  fake_oauth_.introspect_token.Answer(grpc::Status::OK, active);
  TestResponse response = Post("/oauth2/introspect",
                               "client_id=shop&client_secret=s3cret&token=the-access-token"
                               "&token_type_hint=refresh_token",
                               {{"Content-Type", kForm}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_THAT(response.body, JsonEq(R"({"active": true, "scope": "openid profile",
      "client_id": "shop", "username": "ada_l", "token_type": "Bearer", "exp": 1767225600,
      "iat": 1767224700, "sub": "user-1", "aud": "tgauth", "iss": "https://auth.example",
      "sid": "session-1"})"));
  auto calls = fake_oauth_.introspect_token.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.client_id(), "shop");
  EXPECT_EQ(calls[0].request.client_secret(), "s3cret");
  EXPECT_EQ(calls[0].request.token(), "the-access-token");
}

TEST_F(OAuthRoutesTest, AnInactiveTokenIsExactlyActiveFalse) {
  TestResponse response =
      Post("/oauth2/introspect", "token=whatever",
           {{"Authorization", Basic("shop", "s3cret")}, {"Content-Type", kForm}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_THAT(response.body, JsonEq(R"({"active": false})"));
}

TEST_F(OAuthRoutesTest, IntrospectionRefusalsAreRfc6749Errors) {
  TestResponse anonymous = Post("/oauth2/introspect", "token=t", {{"Content-Type", kForm}});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(JsonField(anonymous, "error"), "invalid_client");
  EXPECT_EQ(Post("/oauth2/introspect", "client_id=shop&token=a&token=b", {{"Content-Type", kForm}})
                .status,
            400);
  EXPECT_THAT(fake_oauth_.introspect_token.calls(), IsEmpty());

  fake_oauth_.introspect_token.Answer(
      grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "a public client may not introspect tokens"));
  TestResponse spa = Post("/oauth2/introspect", "client_id=spa&token=t", {{"Content-Type", kForm}});
  EXPECT_EQ(spa.status, 401);
  EXPECT_EQ(JsonField(spa, "error"), "invalid_client");
  EXPECT_EQ(JsonField(spa, "error_description"), "a public client may not introspect tokens");
  TestResponse basic = Post("/oauth2/introspect", "token=t",
                            {{"Authorization", Basic("shop", "wrong")}, {"Content-Type", kForm}});
  EXPECT_EQ(basic.status, 401);
  EXPECT_THAT(basic.Header("www-authenticate"), HasSubstr("Basic"));

  fake_oauth_.introspect_token.Answer(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "token is required"));
  TestResponse empty =
      Post("/oauth2/introspect", "client_id=shop&client_secret=s3cret", {{"Content-Type", kForm}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(JsonField(empty, "error"), "invalid_request");
  EXPECT_EQ(Get("/oauth2/introspect").status, 405);
}

}  // namespace
}  // namespace tgauth::gateway
