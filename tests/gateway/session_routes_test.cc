// The session routes (session_routes.h) end to end on loopback against the
// fake AuthService: what reaches the server, and what the client sees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gateway/bearer_token.h"
#include "tests/gateway/gateway_fixture.h"

namespace tgauth::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const std::string kRefreshToken(43, 'R');
constexpr char kAccessToken[] = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln";
constexpr char kSessionId[] = "123e4567-e89b-12d3-a456-426614174000";

const Headers kBearer = {{"Authorization", std::string("Bearer ") + kAccessToken}};

class SessionRoutesTest : public GatewayFixture {};

// --- Refresh and logout, by refresh token ---

TEST_F(SessionRoutesTest, RefreshForwardsTheTokenAndAnswersTheNewPair) {
  fake_.refresh_session.Answer(grpc::Status::OK, FromText<tgauth::v1::RefreshSessionResponse>(R"pb(
                                 session {
                                   session_id: "s1"
                                   access_token: "jwt2"
                                   token_type: "Bearer"
                                   expires_in: 900
                                   refresh_token: "r2"
                                 })pb"));
  TestResponse response =
      Post("/v1/sessions:refresh", R"({"refresh_token": ")" + kRefreshToken + R"("})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"session": {"sessionId": "s1",
    "accessToken": "jwt2", "tokenType": "Bearer", "expiresIn": 900, "refreshToken": "r2"}})")));
  auto calls = fake_.refresh_session.calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].request.refresh_token(), kRefreshToken);
  // The client's address, which the server limits failed refreshes by.
  EXPECT_EQ(calls[0].request.device().ip_address(), "127.0.0.1");
  EXPECT_EQ(calls[0].authorization, "");
  EXPECT_LT(calls[0].deadline_in, absl::Seconds(5.5));
}

TEST_F(SessionRoutesTest, RefreshAcceptsTheLowerCamelCaseName) {
  EXPECT_EQ(Post("/v1/sessions:refresh", R"({"refreshToken": ")" + kRefreshToken + R"("})").status,
            200);
  ASSERT_THAT(fake_.refresh_session.calls(), SizeIs(1));
  EXPECT_EQ(fake_.refresh_session.calls()[0].request.refresh_token(), kRefreshToken);
}

TEST_F(SessionRoutesTest, RefreshOrLogoutWithABadBodyIsBadRequestAndNothingIsForwarded) {
  const std::pair<std::string, std::string> kCases[] = {
      {"", "body must be a JSON object such as {\"refresh_token\": \"...\"}"},
      {"[]", "body must be a JSON object such as {\"refresh_token\": \"...\"}"},
      {"{}", "refresh_token is required"},
      {R"({"refresh_token": null})", "refresh_token is required"},
      {R"({"refresh_token": 5})", "refresh_token must be a string"},
      {R"({"refresh_token": "short"})", "refresh_token must be 43 characters of A-Z a-z 0-9 - _"},
      {R"({"refresh_token": ")" + std::string(43, '*') + R"("})",
       "refresh_token must be 43 characters of A-Z a-z 0-9 - _"},
  };
  for (const char* path : {"/v1/sessions:refresh", "/v1/sessions:logout"}) {
    for (const auto& [body, message] : kCases) {
      TestResponse response = Post(path, body);
      EXPECT_EQ(response.status, 400) << path << " " << body;
      EXPECT_EQ(ErrorCode(response), 3);
      EXPECT_EQ(ErrorMessage(response), message);
    }
  }
  EXPECT_THAT(fake_.refresh_session.calls(), IsEmpty());
  EXPECT_THAT(fake_.revoke_session.calls(), IsEmpty());
}

TEST_F(SessionRoutesTest, RefreshOfAReusedTokenIsUnauthenticatedWithTheServersMessage) {
  fake_.refresh_session.Answer(grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                            "refresh token reused; the session was revoked"));
  TestResponse response =
      Post("/v1/sessions:refresh", R"({"refresh_token": ")" + kRefreshToken + R"("})");
  EXPECT_EQ(response.status, 401);
  EXPECT_THAT(response.body,
              JsonEq(std::string(
                  R"({"code": 16, "message": "refresh token reused; the session was revoked"})")));
}

TEST_F(SessionRoutesTest, LogoutRevokesByRefreshTokenWithoutAnAccessToken) {
  TestResponse response =
      Post("/v1/sessions:logout", R"({"refresh_token": ")" + kRefreshToken + R"("})");
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq("{}"));
  EXPECT_THAT(fake_.revoke_session.calls(),
              ElementsAre(::testing::Field(&decltype(fake_.revoke_session)::Call::request,
                                           EqualsProto(FromText<tgauth::v1::RevokeSessionRequest>(
                                               "refresh_token: '" + kRefreshToken +
                                               "' device { ip_address: '127.0.0.1' }")))));
}

// --- Routes authenticated by access token ---

TEST_F(SessionRoutesTest, EveryAuthenticatedRouteWithoutBearerIsChallengedAndNothingIsForwarded) {
  const std::pair<const char*, std::string> kRoutes[] = {
      {"GET", "/v1/sessions"},
      {"DELETE", std::string("/v1/sessions/") + kSessionId},
      {"DELETE", "/v1/sessions/not-a-uuid"},  // The challenge comes before the id check.
      {"POST", "/v1/sessions:revokeOthers"},
      {"GET", "/v1/me"}};
  const Headers kUnusable[] = {{},
                               {{"Authorization", "Basic dXNlcjpwYXNz"}},
                               {{"Authorization", "Bearer "}},
                               {{"Authorization", "Bearer a b"}}};
  for (const auto& [method, path] : kRoutes) {
    for (const Headers& headers : kUnusable) {
      TestResponse response = Request(method, path, "", headers);
      EXPECT_EQ(response.status, 401) << method << " " << path;
      EXPECT_EQ(response.Header("www-authenticate"), "Bearer");
      EXPECT_THAT(response.body, JsonEq(std::string(R"({"code": 16, "message":
          "missing access token: send Authorization: Bearer <access_token>"})")));
    }
  }
  EXPECT_THAT(fake_.list_sessions.calls(), IsEmpty());
  EXPECT_THAT(fake_.revoke_session.calls(), IsEmpty());
  EXPECT_THAT(fake_.revoke_other_sessions.calls(), IsEmpty());
  EXPECT_THAT(fake_.get_me.calls(), IsEmpty());
}

TEST_F(SessionRoutesTest, BearerTokensLongerThanAnyIssuedAreRefusedUnforwarded) {
  const std::string longest(kMaxBearerTokenBytes, 'a');
  EXPECT_EQ(Get("/v1/me", {{"Authorization", "Bearer " + longest}}).status, 200);
  TestResponse refused = Get("/v1/me", {{"Authorization", "Bearer " + longest + "a"}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.Header("www-authenticate"), "Bearer error=\"invalid_token\"");
  EXPECT_EQ(ErrorMessage(refused),
            "bearer token longer than 4096 bytes: no token tgauth issues is that long");
  EXPECT_EQ(
      Get("/v1/logins/" + std::string(43, 'L'), {{"Authorization", "Bearer " + longest + "a"}})
          .status,
      401);
  ASSERT_THAT(fake_.get_me.calls(), SizeIs(1));
  EXPECT_THAT(fake_.await_login.calls(), IsEmpty());
}

// 12 KiB of Authorization fits the gateway's 16 KiB header limit; sent on as
// gRPC metadata it would exceed what a server accepts and fail calls on the
// channel every client shares.
TEST_F(SessionRoutesTest, OneClientsOversizedTokensDoNotFailOtherClients) {
  const Headers huge = {{"Authorization", "Bearer " + std::string(12 * 1024, 'a')}};
  constexpr int kOversized = 40, kOthers = 4, kRequestsEach = 40;
  std::atomic<int> refused = 0, others_failed = 0;
  std::thread abuser([&] {
    for (int i = 0; i < kOversized; ++i) refused += Get("/v1/me", huge).status == 401;
  });
  std::vector<std::thread> others;
  for (int c = 0; c < kOthers; ++c) {
    others.emplace_back([&] {
      for (int i = 0; i < kRequestsEach; ++i) others_failed += Get("/v1/me", kBearer).status != 200;
    });
  }
  abuser.join();
  for (std::thread& other : others) other.join();
  EXPECT_EQ(refused, kOversized);
  EXPECT_EQ(others_failed, 0);
  for (const auto& call : fake_.get_me.calls()) {
    EXPECT_EQ(call.authorization, std::string("Bearer ") + kAccessToken);
  }
}

TEST_F(SessionRoutesTest, ListForwardsTheAccessTokenAsMetadataAndAnswersProto3Json) {
  fake_.list_sessions.Answer(
      grpc::Status::OK, FromText<tgauth::v1::ListSessionsResponse>(R"pb(
        sessions {
          session_id: "s2"
          device { user_agent: "Firefox" ip_address: "203.0.113.9" time_zone: "Europe/Berlin" }
          sign_in_method: "qr"
          created_at { seconds: 1700000000 }
          expires_at { seconds: 1702592000 }
          current: true
        }
        sessions {
          session_id: "s1"
          device { name: "Phone" }
          sign_in_method: "widget"
          created_at { seconds: 1690000000 }
          last_refreshed_at { seconds: 1699999000 }
        })pb"));
  TestResponse response =
      Get("/v1/sessions", {{"Authorization", std::string("bearer ") + kAccessToken}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"sessions": [
    {"sessionId": "s2", "device": {"userAgent": "Firefox", "ipAddress": "203.0.113.9",
     "timeZone": "Europe/Berlin"}, "signInMethod": "qr", "createdAt": "2023-11-14T22:13:20Z",
     "expiresAt": "2023-12-14T22:13:20Z", "current": true},
    {"sessionId": "s1", "device": {"name": "Phone"}, "signInMethod": "widget",
     "createdAt": "2023-07-22T04:26:40Z", "lastRefreshedAt": "2023-11-14T21:56:40Z"}]})")));
  auto calls = fake_.list_sessions.calls();
  ASSERT_THAT(calls, SizeIs(1));
  // Whatever the client's spelling of the scheme, the server sees RFC 6750's.
  EXPECT_EQ(calls[0].authorization, std::string("Bearer ") + kAccessToken);
  EXPECT_LT(calls[0].deadline_in, absl::Seconds(5.5));
}

TEST_F(SessionRoutesTest, ATokenTheServerRefusesGetsTheInvalidTokenChallenge) {
  fake_.get_me.Answer(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "access token expired"));
  TestResponse response = Get("/v1/me", kBearer);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.Header("www-authenticate"), "Bearer error=\"invalid_token\"");
  EXPECT_THAT(response.body,
              JsonEq(std::string(R"({"code": 16, "message": "access token expired"})")));

  fake_.get_me.Answer(grpc::Status(grpc::StatusCode::UNAVAILABLE, "connect to 10.0.0.5 failed"));
  TestResponse unavailable = Get("/v1/me", kBearer);
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.Header("www-authenticate"), "");
}

TEST_F(SessionRoutesTest, RevokeOneSessionForwardsItsIdAndTheAccessToken) {
  TestResponse response = Request("DELETE", std::string("/v1/sessions/") + kSessionId, "", kBearer);
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq("{}"));
  auto calls = fake_.revoke_session.calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_THAT(calls[0].request, EqualsProto(FromText<tgauth::v1::RevokeSessionRequest>(
                                    std::string("session_id: '") + kSessionId + "'")));
  EXPECT_EQ(calls[0].authorization, std::string("Bearer ") + kAccessToken);
}

TEST_F(SessionRoutesTest, RevokeWithAMalformedSessionIdIsBadRequest) {
  for (const char* id :
       {"not-a-uuid", "123e4567-e89b-12d3-a456-42661417400", "123e4567e89b12d3a456426614174000",
        "123e4567-e89b-12d3-a456-42661417400g", "%2e%2e"}) {
    TestResponse response = Request("DELETE", std::string("/v1/sessions/") + id, "", kBearer);
    EXPECT_EQ(response.status, 400) << id;
    EXPECT_EQ(ErrorCode(response), 3);
  }
  EXPECT_THAT(fake_.revoke_session.calls(), IsEmpty());
}

TEST_F(SessionRoutesTest, RevokeASessionThatIsNotTheCallersIsNotFound) {
  fake_.revoke_session.Answer(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such session"));
  EXPECT_EQ(Request("DELETE", std::string("/v1/sessions/") + kSessionId, "", kBearer).status, 404);
}

TEST_F(SessionRoutesTest, RevokeOthersAnswersHowManyWereRevoked) {
  fake_.revoke_other_sessions.Answer(
      grpc::Status::OK, FromText<tgauth::v1::RevokeOtherSessionsResponse>("revoked_count: 2"));
  TestResponse response = Post("/v1/sessions:revokeOthers", "", kBearer);
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"revokedCount": 2})")));
  ASSERT_THAT(fake_.revoke_other_sessions.calls(), SizeIs(1));
  EXPECT_EQ(fake_.revoke_other_sessions.calls()[0].authorization,
            std::string("Bearer ") + kAccessToken);
}

TEST_F(SessionRoutesTest, MeAnswersTheUser) {
  fake_.get_me.Answer(grpc::Status::OK, FromText<tgauth::v1::GetMeResponse>(R"pb(
                        user {
                          id: "u1"
                          telegram_id: 42
                          first_name: "Ada"
                          username: "ada"
                          subscription_tier: "pro"
                          subscription_expires_at { seconds: 1700000000 }
                          created_at { seconds: 1690000000 }
                        })pb"));
  TestResponse response = Get("/v1/me", kBearer);
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"user": {"id": "u1", "telegramId": "42",
    "firstName": "Ada", "username": "ada", "subscriptionTier": "pro",
    "subscriptionExpiresAt": "2023-11-14T22:13:20Z", "createdAt": "2023-07-22T04:26:40Z"}})")));
  ASSERT_THAT(fake_.get_me.calls(), SizeIs(1));
  EXPECT_EQ(fake_.get_me.calls()[0].authorization, std::string("Bearer ") + kAccessToken);
}

TEST_F(SessionRoutesTest, WrongMethodsAreNotAllowed) {
  EXPECT_EQ(Get("/v1/sessions:refresh").Header("allow"), "POST, OPTIONS");
  EXPECT_EQ(Post("/v1/sessions", "", kBearer).Header("allow"), "GET, OPTIONS");
  EXPECT_EQ(Get(std::string("/v1/sessions/") + kSessionId, kBearer).Header("allow"),
            "DELETE, OPTIONS");
  EXPECT_EQ(Request("DELETE", "/v1/me", "", kBearer).status, 405);
}

TEST_F(SessionRoutesTest, PreflightAllowsDeleteWithTheAuthorizationHeader) {
  TestResponse response = Request("OPTIONS", std::string("/v1/sessions/") + kSessionId, "",
                                  {{"Origin", kAllowedOrigin},
                                   {"Access-Control-Request-Method", "DELETE"},
                                   {"Access-Control-Request-Headers", "authorization"}});
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.Header("access-control-allow-origin"), kAllowedOrigin);
  EXPECT_EQ(response.Header("access-control-allow-methods"), "DELETE, OPTIONS");
  EXPECT_EQ(response.Header("access-control-allow-headers"),
            "Authorization, Content-Type, X-TGAuth-Session");

  TestResponse other =
      Request("OPTIONS", "/v1/sessions:refresh", "",
              {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(other.status, 204);
  EXPECT_EQ(other.Header("access-control-allow-origin"), "");
  EXPECT_EQ(other.Header("access-control-allow-methods"), "");
}

TEST_F(SessionRoutesTest, AnswersToAnAllowedOriginCarryTheCorsHeader) {
  Headers headers = kBearer;
  headers.emplace_back("Origin", kAllowedOrigin);
  EXPECT_EQ(Get("/v1/me", headers).Header("access-control-allow-origin"), kAllowedOrigin);
  EXPECT_EQ(Get("/v1/me", {{"Origin", kAllowedOrigin}}).Header("access-control-allow-origin"),
            kAllowedOrigin);  // Also on the 401, so the page can read the error.
}

}  // namespace
}  // namespace tgauth::gateway
