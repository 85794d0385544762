// Logout of an app that signs people in through tgauth, end to end on real
// PostgreSQL and Redis: the app's session ends by OpenID Connect
// RP-Initiated Logout (GET /oauth2/logout), by the person revoking it from
// their own session (DELETE /v1/sessions/{id}), or by an operator
// (AdminService.RevokeUserSession); each time a local HTTP endpoint standing
// in for the app's backchannel_logout_uri receives a logout token
// (Back-Channel Logout 1.0) that verifies against the gateway's JWKS, and
// the session's refresh token is refused afterwards.
#include <google/protobuf/util/json_util.h>

#include <memory>
#include <string>

#include "absl/random/random.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/token/jwt_verifier.h"
#include "tests/e2e/admin_harness.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/fixtures/fake_webhook_subscriber.h"

namespace tgauth::e2e {
namespace {

using fixtures::FakeWebhookSubscriber;
using fixtures::HttpReply;
using fixtures::WebhookRequest;
using google::protobuf::Struct;

constexpr char kRedirect[] = "http://127.0.0.1:8400/callback";
constexpr char kSignedOut[] = "https://shop.example/signed-out";
constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";  // RFC 7636 App. B.
constexpr absl::Duration kWait = absl::Seconds(20);

template <typename Message>
Message ParseJson(const std::string& json) {
  Message message;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &message).ok()) << json;
  return message;
}

std::string Field(const Struct& json, const char* name) {
  auto it = json.fields().find(name);
  return it == json.fields().end() ? std::string() : it->second.string_value();
}

// The value of query parameter `name` in `uri` (base64url values only: no
// percent-decoding needed).
std::string QueryValue(absl::string_view uri, absl::string_view name) {
  const size_t at = uri.find(absl::StrCat(name, "="));
  if (at == absl::string_view::npos) return "";
  absl::string_view value = uri.substr(at + name.size() + 1);
  return std::string(value.substr(0, value.find('&')));
}

// What the app holds after a sign-in.
struct AppSession {
  std::string user_id;
  std::string session_id;  // The app session's, from the ID token's sid.
  std::string id_token;
  std::string refresh_token;
  std::string own_access_token;  // The person's own session with tgauth.
};

class OidcLogoutTest : public AdminHarness {
 protected:
  void SetUp() override {
    AdminHarness::SetUp();
    if (HasFatalFailure()) return;
    absl::StatusOr<std::unique_ptr<FakeWebhookSubscriber>> app = FakeWebhookSubscriber::Start();
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = *std::move(app);
    app_->SetAnswer({.status = 200});
    static absl::BitGen random;
    client_id_ = absl::StrCat("shop-", absl::Uniform<uint64_t>(random));
    v1::CreateOAuthClientRequest request;
    request.set_client_id(client_id_);
    request.set_name("Shop");
    request.add_redirect_uris(kRedirect);
    request.add_post_logout_redirect_uris(kSignedOut);
    request.set_backchannel_logout_uri(app_->url());
    v1::OAuthClientWithSecret created;
    grpc::Status status = admin_->CreateOAuthClient(As(kAliceToken).get(), request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  absl::StatusOr<HttpReply> Http(absl::string_view method, absl::string_view target,
                                 const fixtures::HttpHeaders& headers = {},
                                 absl::string_view body = "") {
    return cluster_->Http(method, target, headers, body);
  }

  // A person signs in to tgauth (the Login Widget), then grants the app's
  // authorization request with that session, and the app exchanges the code.
  AppSession SignInToTheApp() {
    AppSession out;
    v1::SignInResponse own;
    grpc::Status signed_in = SignInWithWidget(user_, &own);
    EXPECT_TRUE(signed_in.ok()) << signed_in.error_message();
    out.own_access_token = own.session().access_token();
    cluster_->log_audit().Record(own.session().refresh_token());

    const std::string challenge = absl::WebSafeBase64Escape(Sha256(kVerifier));
    absl::StatusOr<HttpReply> authorize =
        Http("GET", absl::StrCat("/oauth2/authorize?response_type=code&client_id=", client_id_,
                                 "&redirect_uri=", kRedirect, "&scope=openid&state=s&nonce=n",
                                 "&code_challenge=", challenge, "&code_challenge_method=S256"));
    EXPECT_TRUE(authorize.ok() && authorize->status == 303) << authorize->body;
    const std::string handle = QueryValue(authorize->Header("location"), "authorization");
    absl::StatusOr<HttpReply> granted =
        Http("POST", "/v1/authorizations:complete",
             {{"Content-Type", "application/json"},
              {"Authorization", absl::StrCat("Bearer ", out.own_access_token)}},
             absl::StrCat(R"({"handle": ")", handle, R"("})"));
    EXPECT_TRUE(granted.ok() && granted->status == 200) << granted->body;
    const std::string code =
        QueryValue(Field(ParseJson<Struct>(granted->body), "redirectUri"), "code");
    absl::StatusOr<HttpReply> tokens =
        Http("POST", "/oauth2/token", {{"Content-Type", "application/x-www-form-urlencoded"}},
             absl::StrCat("grant_type=authorization_code&client_id=", client_id_, "&code=", code,
                          "&redirect_uri=", kRedirect, "&code_verifier=", kVerifier));
    EXPECT_TRUE(tokens.ok() && tokens->status == 200) << tokens->body;
    const Struct body = ParseJson<Struct>(tokens->body);
    out.id_token = Field(body, "id_token");
    out.refresh_token = Field(body, "refresh_token");
    cluster_->log_audit().Record(out.refresh_token);
    const Struct id = Verified(out.id_token);
    out.user_id = Field(id, "sub");
    out.session_id = Field(id, "sid");
    EXPECT_FALSE(out.session_id.empty());
    return out;
  }

  // The claims of `jwt` once it verifies against the gateway's JWKS.
  Struct Verified(absl::string_view jwt) {
    absl::StatusOr<HttpReply> jwks = Http("GET", "/.well-known/jwks.json");
    EXPECT_TRUE(jwks.ok() && jwks->status == 200);
    absl::StatusOr<VerifiedJwt> verified =
        VerifyEs256Jwt(jwt, ParseJson<v1::GetJwksResponse>(jwks.ok() ? jwks->body : "{}"));
    EXPECT_TRUE(verified.ok()) << verified.status();
    return verified.ok() ? verified->claims : Struct();
  }

  // Waits for the app's next back-channel logout and checks it is `session`'s.
  void ExpectLogoutTokenFor(const AppSession& session) {
    const size_t seen = logouts_seen_;
    std::vector<WebhookRequest> requests = app_->WaitForRequests(seen + 1, kWait);
    ASSERT_GT(requests.size(), seen) << "no back-channel logout";
    logouts_seen_ = requests.size();
    const WebhookRequest& post = requests[seen];
    EXPECT_EQ(post.Header("content-type"), "application/x-www-form-urlencoded");
    absl::string_view token = post.body;
    ASSERT_TRUE(absl::ConsumePrefix(&token, "logout_token=")) << post.body;
    const Struct claims = Verified(token);
    EXPECT_EQ(Field(claims, "aud"), client_id_);
    EXPECT_EQ(Field(claims, "sub"), session.user_id);
    EXPECT_EQ(Field(claims, "sid"), session.session_id);
    EXPECT_FALSE(Field(claims, "jti").empty());
    EXPECT_FALSE(claims.fields().contains("nonce"));
    ASSERT_TRUE(claims.fields().contains("events"));
    EXPECT_TRUE(claims.fields().at("events").struct_value().fields().contains(
        "http://schemas.openid.net/event/backchannel-logout"));
  }

  // The app refreshing its session at the token endpoint.
  absl::StatusOr<HttpReply> RefreshAsTheApp(const AppSession& session) {
    return Http("POST", "/oauth2/token", {{"Content-Type", "application/x-www-form-urlencoded"}},
                absl::StrCat("grant_type=refresh_token&client_id=", client_id_,
                             "&refresh_token=", session.refresh_token));
  }

  // The token endpoint refuses the ended session's refresh token.
  void ExpectRefreshRefused(const AppSession& session) {
    absl::StatusOr<HttpReply> refreshed = RefreshAsTheApp(session);
    ASSERT_TRUE(refreshed.ok()) << refreshed.status();
    EXPECT_EQ(refreshed->status, 400) << refreshed->body;
    EXPECT_EQ(Field(ParseJson<Struct>(refreshed->body), "error"), "invalid_grant");
  }

  const fixtures::TelegramUserFixture user_ = NewTelegramUser();
  std::unique_ptr<FakeWebhookSubscriber> app_;
  std::string client_id_;
  size_t logouts_seen_ = 0;
};

TEST_F(OidcLogoutTest, RpInitiatedLogoutRedirectsWithStateAndTellsTheBackChannel) {
  const AppSession session = SignInToTheApp();
  absl::StatusOr<HttpReply> logout =
      Http("GET", absl::StrCat("/oauth2/logout?id_token_hint=", session.id_token,
                               "&post_logout_redirect_uri=", kSignedOut, "&state=bye-1"));
  ASSERT_TRUE(logout.ok()) << logout.status();
  EXPECT_EQ(logout->status, 303) << logout->body;
  EXPECT_EQ(logout->Header("location"), absl::StrCat(kSignedOut, "?state=bye-1"));
  ExpectLogoutTokenFor(session);
  ExpectRefreshRefused(session);
  // The person's own session with tgauth stays.
  EXPECT_TRUE(Validates(session.own_access_token));
}

TEST_F(OidcLogoutTest, ARefusedLogoutEndsNothingAndRedirectsNowhere) {
  const AppSession session = SignInToTheApp();
  absl::StatusOr<HttpReply> logout =
      Http("GET", absl::StrCat("/oauth2/logout?id_token_hint=", session.id_token,
                               "&post_logout_redirect_uri=https://evil.example/"));
  ASSERT_TRUE(logout.ok()) << logout.status();
  EXPECT_EQ(logout->status, 400);
  EXPECT_EQ(logout->Header("location"), "");
  absl::StatusOr<HttpReply> refreshed = RefreshAsTheApp(session);
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(refreshed->status, 200) << refreshed->body;
  cluster_->log_audit().Record(Field(ParseJson<Struct>(refreshed->body), "refresh_token"));
  EXPECT_TRUE(app_->Requests().empty());
}

TEST_F(OidcLogoutTest, ThePersonRevokingTheAppsSessionTellsTheBackChannel) {
  const AppSession session = SignInToTheApp();
  absl::StatusOr<HttpReply> revoked =
      Http("DELETE", absl::StrCat("/v1/sessions/", session.session_id),
           {{"Authorization", absl::StrCat("Bearer ", session.own_access_token)}});
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  ExpectLogoutTokenFor(session);
  ExpectRefreshRefused(session);
}

TEST_F(OidcLogoutTest, AnOperatorRevokingTheAppsSessionTellsTheBackChannel) {
  const AppSession session = SignInToTheApp();
  v1::RevokeUserSessionRequest request;
  request.set_user_id(session.user_id);
  request.set_session_id(session.session_id);
  v1::RevokeUserSessionResponse response;
  grpc::Status status = admin_->RevokeUserSession(As(kAliceToken).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectLogoutTokenFor(session);
  ExpectRefreshRefused(session);
}

}  // namespace
}  // namespace tgauth::e2e
