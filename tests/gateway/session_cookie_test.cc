// SessionCookie (session_cookie.h): the cookie's attributes, reading it back,
// and moving a Session's refresh token out of the JSON.
#include "gateway/session_cookie.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/gateway/json_matchers.h"

namespace tgauth::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

HttpRequest WithHeaders(std::map<std::string, std::string> headers) {
  HttpRequest request;
  request.headers = std::move(headers);
  return request;
}

TEST(SessionCookieTest, SetUsesTheHostPrefixAndEveryProtectingAttribute) {
  SessionCookie cookie;
  EXPECT_EQ(cookie.name(), "__Host-tgauth_refresh");
  EXPECT_THAT(cookie.Set("tok", absl::Hours(720)),
              Pair("Set-Cookie", "__Host-tgauth_refresh=tok; Max-Age=2592000; Path=/; Secure; "
                                 "HttpOnly; SameSite=Strict"));
}

TEST(SessionCookieTest, ClearExpiresTheCookieAtOnce) {
  EXPECT_THAT(SessionCookie().Clear(),
              Pair("Set-Cookie",
                   "__Host-tgauth_refresh=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict"));
  EXPECT_THAT(SessionCookie().Set("tok", absl::Seconds(-5)).second,
              ::testing::HasSubstr("; Max-Age=0;"));
}

TEST(SessionCookieTest, InsecureDropsSecureAndTheHostPrefix) {
  SessionCookie cookie(/*insecure=*/true);
  EXPECT_EQ(cookie.name(), "tgauth_refresh");
  EXPECT_THAT(cookie.Set("tok", absl::Seconds(60)),
              Pair("Set-Cookie", "tgauth_refresh=tok; Max-Age=60; Path=/; HttpOnly; "
                                 "SameSite=Strict"));
}

TEST(SessionCookieTest, ReadFindsItsCookieAmongOthers) {
  SessionCookie cookie;
  EXPECT_EQ(cookie.Read(WithHeaders({{"cookie", "a=1; __Host-tgauth_refresh=tok; b=2"}})), "tok");
  EXPECT_EQ(cookie.Read(WithHeaders({{"cookie", "a=1, __Host-tgauth_refresh=tok"}})), "tok");
  EXPECT_EQ(cookie.Read(WithHeaders({{"cookie", "tgauth_refresh=plain"}})), "");
  EXPECT_EQ(cookie.Read(WithHeaders({{"cookie", "x__Host-tgauth_refresh=no"}})), "");
  EXPECT_EQ(cookie.Read(WithHeaders({})), "");
  EXPECT_EQ(SessionCookie(true).Read(WithHeaders({{"cookie", "tgauth_refresh=plain"}})), "plain");
}

TEST(SessionCookieTest, OnlyTheExactHeaderValueOptsIn) {
  EXPECT_TRUE(SessionCookie::Requested(WithHeaders({{"x-tgauth-session", "cookie"}})));
  EXPECT_FALSE(SessionCookie::Requested(WithHeaders({{"x-tgauth-session", "header"}})));
  EXPECT_FALSE(SessionCookie::Requested(WithHeaders({})));
}

TEST(SessionCookieTest, HandOutMovesTheRefreshTokenIntoTheCookie) {
  tgauth::v1::RefreshSessionResponse response;
  tgauth::v1::Session& session = *response.mutable_session();
  session.set_session_id("s1");
  session.set_access_token("jwt");
  session.set_expires_in(900);
  session.set_refresh_token("secret-refresh");
  session.set_refresh_token_expires_in(3600);
  HttpResponse answer = SessionCookie().HandOut(response, session);
  EXPECT_EQ(answer.status, 200);
  EXPECT_THAT(answer.body, JsonEq(std::string(R"({"session": {"sessionId": "s1",
    "accessToken": "jwt", "expiresIn": 900, "refreshTokenExpiresIn": 3600}})")));
  EXPECT_THAT(answer.headers,
              ElementsAre(Pair("Set-Cookie",
                               "__Host-tgauth_refresh=secret-refresh; Max-Age=3600; Path=/; "
                               "Secure; HttpOnly; SameSite=Strict")));
}

TEST(SessionCookieTest, HandOutOfASessionWithoutRefreshTokenSetsNoCookie) {
  tgauth::v1::AwaitLoginResponse response;
  response.mutable_session()->set_session_id("s1");
  HttpResponse answer = SessionCookie().HandOut(response, *response.mutable_session());
  EXPECT_THAT(answer.headers, IsEmpty());
  EXPECT_THAT(answer.body, JsonEq(std::string(R"({"session": {"sessionId": "s1"}})")));
}

}  // namespace
}  // namespace tgauth::gateway
