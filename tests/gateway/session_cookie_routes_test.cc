// Cookie mode (session_cookie.h) end to end on loopback against the fake
// AuthService: every route that hands out a session sets the cookie instead
// of answering the refresh token; refresh and logout use it only past the
// CSRF check (cookie_csrf_check.h); header mode is untouched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/gateway/gateway_fixture.h"

namespace tgauth::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const std::string kCookieToken(43, 'C');
const std::string kBodyToken(43, 'B');
constexpr char kSetCookie[] =
    "__Host-tgauth_refresh=r2; Max-Age=2592000; Path=/; Secure; HttpOnly; SameSite=Strict";
constexpr char kClearCookie[] =
    "__Host-tgauth_refresh=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict";

tgauth::v1::Session NewSession() {
  return FromText<tgauth::v1::Session>(R"pb(
    session_id: "s1" access_token: "jwt2" token_type: "Bearer" expires_in: 900
    refresh_token: "r2" refresh_token_expires_in: 2592000)pb");
}

class SessionCookieRoutesTest : public GatewayFixture {
 protected:
  // The headers of a page of this gateway in cookie mode, with the cookie.
  Headers PageHeaders(const std::string& origin = "") {
    return {{"X-TGAuth-Session", "cookie"},
            {"Origin", origin.empty() ? OwnOrigin() : origin},
            {"Cookie", "theme=dark; __Host-tgauth_refresh=" + kCookieToken}};
  }
  // The test client sends "Host: 127.0.0.1" and the fixture sets no
  // --site_url: the Host is the gateway's own origin.
  static std::string OwnOrigin() { return "http://127.0.0.1"; }

  void AnswerRefresh() {
    tgauth::v1::RefreshSessionResponse response;
    *response.mutable_session() = NewSession();
    fake_.refresh_session.Answer(grpc::Status::OK, response);
  }
};

TEST_F(SessionCookieRoutesTest, CookieRefreshRotatesTheCookieAndAnswersNoRefreshToken) {
  AnswerRefresh();
  TestResponse response = Post("/v1/sessions:refresh", "", PageHeaders());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("set-cookie"), kSetCookie);
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"session": {"sessionId": "s1",
    "accessToken": "jwt2", "tokenType": "Bearer", "expiresIn": 900,
    "refreshTokenExpiresIn": 2592000}})")));
  ASSERT_THAT(fake_.refresh_session.calls(), SizeIs(1));
  EXPECT_EQ(fake_.refresh_session.calls()[0].request.refresh_token(), kCookieToken);
}

TEST_F(SessionCookieRoutesTest, AnAllowedCorsOriginMayUseTheCookie) {
  AnswerRefresh();
  TestResponse response = Post("/v1/sessions:refresh", "{}", PageHeaders(kAllowedOrigin));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("access-control-allow-credentials"), "true");
  EXPECT_EQ(response.Header("set-cookie"), kSetCookie);
}

TEST_F(SessionCookieRoutesTest, CsrfRefusalsAre403AndChangeNothing) {
  AnswerRefresh();
  Headers no_header = PageHeaders();
  no_header.erase(no_header.begin());
  Headers no_origin = PageHeaders();
  no_origin.erase(no_origin.begin() + 1);
  const std::pair<Headers, std::string> kCases[] = {
      {no_header, "the session cookie is used only with the header X-TGAuth-Session: cookie"},
      {no_origin, "the session cookie needs an Origin header"},
      {PageHeaders("https://evil.example"),
       "the session cookie is usable only from this site or an origin in --cors_allowed_origins"},
  };
  for (const char* path : {"/v1/sessions:refresh", "/v1/sessions:logout"}) {
    for (const auto& [headers, message] : kCases) {
      TestResponse response = Post(path, "", headers);
      EXPECT_EQ(response.status, 403) << path << " " << message;
      EXPECT_EQ(ErrorCode(response), 7);
      EXPECT_EQ(ErrorMessage(response), message);
      EXPECT_EQ(response.Header("set-cookie"), "");
    }
  }
  EXPECT_THAT(fake_.refresh_session.calls(), IsEmpty());
  EXPECT_THAT(fake_.revoke_session.calls(), IsEmpty());
}

TEST_F(SessionCookieRoutesTest, RefreshWithoutOrWithAMalformedCookieIs401AndClearsIt) {
  for (const std::string& cookie : {std::string("theme=dark"),
                                    std::string("__Host-tgauth_refresh=short")}) {
    Headers headers = PageHeaders();
    headers[2].second = cookie;
    TestResponse response = Post("/v1/sessions:refresh", "", headers);
    EXPECT_EQ(response.status, 401) << cookie;
    EXPECT_EQ(ErrorCode(response), 16);
    EXPECT_EQ(response.Header("set-cookie"), kClearCookie);
  }
  EXPECT_THAT(fake_.refresh_session.calls(), IsEmpty());
}

TEST_F(SessionCookieRoutesTest, ARefreshTheServerRefusesClearsTheCookie) {
  fake_.refresh_session.Answer(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "session revoked"));
  TestResponse response = Post("/v1/sessions:refresh", "", PageHeaders());
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(ErrorMessage(response), "session revoked");
  EXPECT_EQ(response.Header("set-cookie"), kClearCookie);
}

TEST_F(SessionCookieRoutesTest, ATransientRefreshFailureKeepsTheCookie) {
  fake_.refresh_session.Answer(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "slow down"));
  TestResponse response = Post("/v1/sessions:refresh", "", PageHeaders());
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.Header("set-cookie"), "");
}

TEST_F(SessionCookieRoutesTest, LogoutRevokesTheCookiesSessionAndClearsIt) {
  TestResponse response = Post("/v1/sessions:logout", "", PageHeaders());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
  EXPECT_EQ(response.Header("set-cookie"), kClearCookie);
  ASSERT_THAT(fake_.revoke_session.calls(), SizeIs(1));
  EXPECT_EQ(fake_.revoke_session.calls()[0].request.refresh_token(), kCookieToken);
}

TEST_F(SessionCookieRoutesTest, LogoutWithoutACookieIsAlreadyDone) {
  Headers headers = PageHeaders();
  headers.pop_back();
  TestResponse response = Post("/v1/sessions:logout", "", headers);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("set-cookie"), kClearCookie);
  EXPECT_THAT(fake_.revoke_session.calls(), IsEmpty());
}

TEST_F(SessionCookieRoutesTest, ABodyTokenInCookieModeIsUsedAndItsSuccessorGoesToTheCookie) {
  AnswerRefresh();
  TestResponse response = Post("/v1/sessions:refresh", R"({"refresh_token": ")" + kBodyToken +
                                                           R"("})",
                               {{"X-TGAuth-Session", "cookie"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("set-cookie"), kSetCookie);
  EXPECT_THAT(response.body, Not(HasSubstr(R"("refreshToken")")));
  EXPECT_EQ(fake_.refresh_session.calls()[0].request.refresh_token(), kBodyToken);
}

TEST_F(SessionCookieRoutesTest, HeaderModeIgnoresTheCookieAndAnswersTheTokenAsBefore) {
  AnswerRefresh();
  TestResponse response =
      Post("/v1/sessions:refresh", R"({"refresh_token": ")" + kBodyToken + R"("})",
           {{"Cookie", "__Host-tgauth_refresh=" + kCookieToken}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("set-cookie"), "");
  EXPECT_THAT(response.body, HasSubstr(R"("refreshToken":"r2")"));
  EXPECT_EQ(fake_.refresh_session.calls()[0].request.refresh_token(), kBodyToken);
}

TEST_F(SessionCookieRoutesTest, EverySignInInCookieModeSetsTheCookie) {
  tgauth::v1::SignInResponse signed_in;
  signed_in.mutable_user()->set_id("u1");
  *signed_in.mutable_session() = NewSession();
  fake_.sign_in_with_widget.Answer(grpc::Status::OK, signed_in);
  fake_.sign_in_with_mini_app.Answer(grpc::Status::OK, signed_in);
  fake_.exchange_login_link.Answer(grpc::Status::OK, signed_in);
  tgauth::v1::AwaitLoginResponse confirmed;
  confirmed.set_state(tgauth::v1::LOGIN_STATE_CONFIRMED);
  *confirmed.mutable_session() = NewSession();
  fake_.await_login.Answer(grpc::Status::OK, confirmed);
  const Headers cookie_mode = {{"X-TGAuth-Session", "cookie"}};
  const std::string token(43, 'T');
  const TestResponse responses[] = {
      Post("/v1/auth/telegram-widget", R"({"id": 42, "auth_date": 1700000000, "hash": "ab"})",
           cookie_mode),
      Post("/v1/auth/telegram-miniapp", R"({"init_data": "query_id=1"})", cookie_mode),
      Post("/v1/auth/telegram-link:exchange", R"({"token": ")" + token + R"("})", cookie_mode),
      Get("/v1/logins/" + token, {{"X-TGAuth-Session", "cookie"},
                                  {"Authorization", "Bearer " + token}}),
  };
  for (const TestResponse& response : responses) {
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Header("set-cookie"), kSetCookie);
    EXPECT_THAT(response.body, Not(HasSubstr(R"("refreshToken")")));
    EXPECT_THAT(response.body, HasSubstr(R"("accessToken":"jwt2")"));
  }
}

}  // namespace
}  // namespace tgauth::gateway
