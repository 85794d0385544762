// The sign-in routes (sign_in_routes.h) end to end on loopback against the
// fake AuthService: what reaches the server, and what the client sees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/gateway/gateway_fixture.h"

namespace tgauth::gateway {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

const std::string kLinkToken(43, 'T');

constexpr char kSignInResponse[] = R"pb(
  user { id: "u1" telegram_id: 42 first_name: "Ada" }
  session {
    session_id: "s1"
    access_token: "jwt"
    token_type: "Bearer"
    expires_in: 900
    refresh_token: "r1"
  }
)pb";
constexpr char kSignInJson[] = R"({
  "user": {"id": "u1", "telegramId": "42", "firstName": "Ada"},
  "session": {"sessionId": "s1", "accessToken": "jwt", "tokenType": "Bearer", "expiresIn": 900,
              "refreshToken": "r1"}})";

class SignInRoutesTest : public GatewayFixture {};

// --- Login Widget ---

TEST_F(SignInRoutesTest, WidgetForwardsEveryFieldAsTheTextTelegramSigned) {
  fake_.sign_in_with_widget.Answer(grpc::Status::OK,
                                   FromText<tgauth::v1::SignInResponse>(kSignInResponse));
  TestResponse response =
      Post("/v1/auth/telegram-widget?time_zone=Europe/Berlin&device_name=Laptop",
           R"({"id": 9007199254740991, "first_name": "Zoë 🚀", "auth_date": 1700000000,
                                   "hash": "0a1b", "username": "ada", "negative": -5,
                                   "exponent": 1e3, "new_field": "kept"})",
           {{"User-Agent", "Mozilla/5.0 test"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_THAT(response.body, JsonEq(std::string(kSignInJson)));
  auto calls = fake_.sign_in_with_widget.calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_THAT(calls[0].request, EqualsProto(FromText<tgauth::v1::SignInWithWidgetRequest>(R"pb(
                fields { key: "id" value: "9007199254740991" }
                fields { key: "first_name" value: "Zoë 🚀" }
                fields { key: "auth_date" value: "1700000000" }
                fields { key: "hash" value: "0a1b" }
                fields { key: "username" value: "ada" }
                fields { key: "negative" value: "-5" }
                fields { key: "exponent" value: "1000" }
                fields { key: "new_field" value: "kept" }
                device {
                  user_agent: "Mozilla/5.0 test"
                  ip_address: "127.0.0.1"
                  name: "Laptop"
                  time_zone: "Europe/Berlin"
                })pb")));
  EXPECT_LT(calls[0].deadline_in, absl::Seconds(5.5));
}

TEST_F(SignInRoutesTest, WidgetFieldsThatAreNotStringsOrIntegersAreRefusedByName) {
  const std::pair<const char*, const char*> kCases[] = {
      {R"({"id": 42, "photo_url": {"a": 1}})", "photo_url"},
      {R"({"id": 42, "tags": ["a"]})", "tags"},
      {R"({"id": 42, "is_bot": false})", "is_bot"},
      {R"({"id": 42, "last_name": null})", "last_name"},
      {R"({"id": 1.5})", "id"},
      {R"({"id": 9007199254740993})", "id"},  // Beyond 2^53: not what was sent.
  };
  for (const auto& [body, field] : kCases) {
    TestResponse response = Post("/v1/auth/telegram-widget", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(ErrorMessage(response), std::string("widget field \"") + field +
                                          "\" must be a string or an integer of at most 2^53 - 1");
  }
  for (const char* body : {"", "{}", "[]", "not json", R"("id=42")"}) {
    TestResponse response = Post("/v1/auth/telegram-widget", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(ErrorCode(response), 3);
  }
  EXPECT_THAT(fake_.sign_in_with_widget.calls(), IsEmpty());
}

TEST_F(SignInRoutesTest, WidgetDataThatDoesNotVerifyIsUnauthenticated) {
  fake_.sign_in_with_widget.Answer(
      grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "widget data hash does not match"));
  TestResponse response = Post("/v1/auth/telegram-widget", R"({"id": 42, "hash": "00"})");
  EXPECT_EQ(response.status, 401);
  EXPECT_THAT(response.body,
              JsonEq(std::string(R"({"code": 16, "message": "widget data hash does not match"})")));
}

// --- Mini App ---

TEST_F(SignInRoutesTest, MiniAppForwardsTheRawInitDataAndTheDevice) {
  fake_.sign_in_with_mini_app.Answer(grpc::Status::OK,
                                     FromText<tgauth::v1::SignInResponse>(kSignInResponse));
  constexpr char kInitData[] =
      "query_id=AA&user=%7B%22id%22%3A42%7D&auth_date=1700000000&hash=ab%2Bcd";
  TestResponse response =
      Post("/v1/auth/telegram-miniapp",
           std::string(R"({"init_data": ")") + kInitData + R"(", "timeZone": "Asia/Tokyo"})");
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(std::string(kSignInJson)));
  auto calls = fake_.sign_in_with_mini_app.calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].request.init_data(), kInitData);
  EXPECT_EQ(calls[0].request.device().time_zone(), "Asia/Tokyo");
  EXPECT_EQ(calls[0].request.device().ip_address(), "127.0.0.1");
}

TEST_F(SignInRoutesTest, MiniAppWithoutInitDataIsBadRequest) {
  for (const char* body : {"", "{}", R"({"init_data": ""})", R"({"init_data": 5})",
                           R"({"initData": "x", "time_zone": "Not a zone"})"}) {
    TestResponse response = Post("/v1/auth/telegram-miniapp", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(ErrorCode(response), 3);
  }
  EXPECT_EQ(ErrorMessage(Post("/v1/auth/telegram-miniapp", "{}")), "init_data is required");
  // Proto strings must be UTF-8: the JSON parser refuses anything else.
  EXPECT_EQ(Post("/v1/auth/telegram-miniapp", "{\"init_data\": \"a\xff\"}").status, 400);
  EXPECT_THAT(fake_.sign_in_with_mini_app.calls(), IsEmpty());
}

// --- Bot-initiated login link ---

TEST_F(SignInRoutesTest, LinkExchangeForwardsTheTokenAndTheDevice) {
  fake_.exchange_login_link.Answer(grpc::Status::OK,
                                   FromText<tgauth::v1::SignInResponse>(kSignInResponse));
  TestResponse response = Post(
      "/v1/auth/telegram-link:exchange",
      R"({"token": ")" + kLinkToken + R"(", "device_name": "Work PC", "time_zone": "Etc/GMT+5"})",
      {{"User-Agent", "Chrome é"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(std::string(kSignInJson)));
  auto calls = fake_.exchange_login_link.calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_THAT(calls[0].request, EqualsProto(FromText<tgauth::v1::ExchangeLoginLinkRequest>(
                                    "token: '" + kLinkToken + R"pb('
                                                                   device {
                                                                     user_agent: "Chrome ??"
                                                                     ip_address: "127.0.0.1"
                                                                     name: "Work PC"
                                                                     time_zone: "Etc/GMT+5"
                                                                   })pb")));
}

TEST_F(SignInRoutesTest, LinkExchangeTakesTheClientIpFromForwardedForOnlyWhenTrusted) {
  StartGateway({.webhook_secret = kSecret, .client_address = {.trust_forwarded_for = true}});
  Post("/v1/auth/telegram-link:exchange", R"({"token": ")" + kLinkToken + R"("})",
       {{"X-Forwarded-For", "192.0.2.1, 198.51.100.4"}});
  ASSERT_THAT(fake_.exchange_login_link.calls(), SizeIs(1));
  EXPECT_EQ(fake_.exchange_login_link.calls()[0].request.device().ip_address(), "198.51.100.4");
}

TEST_F(SignInRoutesTest, LinkExchangeWithABadTokenOrDeviceIsBadRequest) {
  const std::pair<std::string, std::string> kCases[] = {
      {"{}", "token is required"},
      {R"({"token": "abc"})", "token must be 43 characters of A-Z a-z 0-9 - _"},
      {R"({"token": ")" + kLinkToken + R"(", "device_name": ")" + std::string(65, 'n') + R"("})",
       "device_name must be at most 64 bytes"},
      {R"({"token": ")" + kLinkToken + R"(", "time_zone": "Europe/Berlin\n"})",
       "time_zone must be an IANA time zone name such as Europe/Berlin (at most 64 bytes)"},
      {R"({"token": ")" + kLinkToken + R"(", "time_zone": ")" + std::string(65, 'z') + R"("})",
       "time_zone must be an IANA time zone name such as Europe/Berlin (at most 64 bytes)"},
  };
  for (const auto& [body, message] : kCases) {
    TestResponse response = Post("/v1/auth/telegram-link:exchange", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(ErrorMessage(response), message);
  }
  EXPECT_THAT(fake_.exchange_login_link.calls(), IsEmpty());
}

TEST_F(SignInRoutesTest, AUsedOrExpiredLinkIsUnauthenticated) {
  fake_.exchange_login_link.Answer(
      grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "login link expired or already used"));
  TestResponse response =
      Post("/v1/auth/telegram-link:exchange", R"({"token": ")" + kLinkToken + R"("})");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(ErrorMessage(response), "login link expired or already used");
}

TEST_F(SignInRoutesTest, LinkDescribeShowsTheAccountAndExchangesNothing) {
  fake_.describe_login_link.Answer(grpc::Status::OK,
                                   FromText<tgauth::v1::LoginLinkDescription>(R"pb(
                                     first_name: "Ada"
                                     last_name: "Lovelace"
                                     username: "ada"
                                     expires_at { seconds: 1800000000 }
                                   )pb"));
  TestResponse response =
      Post("/v1/auth/telegram-link:describe", R"({"token": ")" + kLinkToken + R"("})");
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(R"({"firstName": "Ada", "lastName": "Lovelace",
                                        "username": "ada", "expiresAt": "2027-01-15T08:00:00Z"})"));
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  auto calls = fake_.describe_login_link.calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_THAT(
      calls[0].request,
      EqualsProto(FromText<tgauth::v1::DescribeLoginLinkRequest>(
          "token: '" + kLinkToken + "' device { ip_address: '127.0.0.1' }")));
  EXPECT_THAT(fake_.exchange_login_link.calls(), IsEmpty());
}

TEST_F(SignInRoutesTest, LinkDescribeOfAnUnknownLinkIsNotFound) {
  fake_.describe_login_link.Answer(
      grpc::Status(grpc::StatusCode::NOT_FOUND, "login link is unknown, used or expired"));
  TestResponse response =
      Post("/v1/auth/telegram-link:describe", R"({"token": ")" + kLinkToken + R"("})");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(ErrorCode(response), 5);
}

TEST_F(SignInRoutesTest, LinkDescribeWithABadTokenIsBadRequest) {
  for (const std::string body : {"{}", R"({"token": "abc"})", "[]"}) {
    EXPECT_EQ(Post("/v1/auth/telegram-link:describe", body).status, 400) << body;
  }
  EXPECT_THAT(fake_.describe_login_link.calls(), IsEmpty());
}

TEST_F(SignInRoutesTest, TheCallbackPageIsServedAtTheLinksPathWhateverTheToken) {
  TestResponse response = Get("/auth/telegram/callback?token=" + kLinkToken);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_THAT(response.Header("content-security-policy"),
              ::testing::HasSubstr("script-src 'self'"));
  EXPECT_THAT(response.body, ::testing::HasSubstr("<script src=\"/callback.js\" type=\"module\">"));
  EXPECT_THAT(response.body, ::testing::Not(::testing::HasSubstr("<script>")));
  EXPECT_THAT(fake_.exchange_login_link.calls(), IsEmpty());  // The page does that.
}

}  // namespace
}  // namespace tgauth::gateway
