// The gateway end to end on loopback (gateway_fixture.h): the QR login
// routes, the webhook, the well-known documents, health, static files, and
// what every route shares (routing, CORS, HTTP framing).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/server_status.h"
#include "tests/gateway/gateway_fixture.h"

namespace tgauth::gateway {
namespace {

using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const std::string kLoginToken(43, 'L');
constexpr char kPollToken[] = "poll-token_123";

class GatewayRoutesTest : public GatewayFixture {
 protected:
  TestResponse PostUpdate(std::string body, std::string secret = kSecret) {
    return Post("/telegram/webhook", std::move(body),
                {{"X-Telegram-Bot-Api-Secret-Token", std::move(secret)}});
  }
  TestResponse Poll(std::string query) {
    return Get(absl::StrCat("/v1/logins/", kLoginToken, query),
               {{"Authorization", absl::StrCat("Bearer ", kPollToken)}});
  }
};

constexpr char kStartUpdate[] = R"json({
  "update_id": 1001,
  "message": {
    "message_id": 5, "date": 1700000000, "text": "/start abc",
    "from": {"id": 42, "is_bot": false, "first_name": "Ada", "is_premium": true},
    "chat": {"id": 42, "type": "private", "first_name": "Ada"},
    "entities": [{"type": "bot_command", "offset": 0, "length": 6}]
  }
})json";

// --- Webhook ---

TEST_F(GatewayRoutesTest, WebhookWithoutSecretIsRejectedAndNothingIsForwarded) {
  TestResponse response = Post("/telegram/webhook", kStartUpdate);
  EXPECT_EQ(response.status, 401);
  EXPECT_THAT(
      response.body,
      JsonEq(std::string(
          R"({"code": 16, "message": "missing or wrong X-Telegram-Bot-Api-Secret-Token"})")));
  EXPECT_THAT(fake_.handle_update.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, WebhookWithWrongSecretIsRejectedAndNothingIsForwarded) {
  EXPECT_EQ(PostUpdate(kStartUpdate, "test-webhook_secreT").status, 401);
  EXPECT_EQ(PostUpdate(kStartUpdate, "test").status, 401);
  EXPECT_THAT(fake_.handle_update.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, WebhookWithNonJsonBodyIsBadRequest) {
  for (const char* body : {"", "not json", "[1, 2]", R"({"update_id": "many"})"}) {
    TestResponse response = PostUpdate(body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(ParseJson(response.body).struct_value().fields().at("code").number_value(), 3);
  }
  EXPECT_THAT(fake_.handle_update.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, WebhookForwardsTheUpdateAndAnswersWithTheBotApiCall) {
  fake_.handle_update.Answer(
      grpc::Status::OK, FromText<tgauth::v1::HandleTelegramUpdateResponse>(R"pb(
        reply {
          method: "sendMessage"
          chat_id: 42
          text: "Signed in."
          reply_markup { inline_keyboard { buttons { text: "Open" url: "https://app.example/" } } }
        })pb"));
  TestResponse response = PostUpdate(kStartUpdate);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("content-type"), "application/json");
  EXPECT_THAT(response.body, JsonEq(std::string(R"({
    "method": "sendMessage", "chat_id": 42, "text": "Signed in.",
    "reply_markup": {"inline_keyboard": [[{"text": "Open", "url": "https://app.example/"}]]}})")));
  // Unknown Bot API fields (is_premium, chat.first_name) are ignored, not errors.
  EXPECT_THAT(fake_.handle_update.calls(),
              ElementsAre(::testing::Field(
                  &decltype(fake_.handle_update)::Call::request,
                  EqualsProto(FromText<tgauth::v1::HandleTelegramUpdateRequest>(R"pb(
                    update {
                      update_id: 1001
                      message {
                        message_id: 5
                        date: 1700000000
                        text: "/start abc"
                        from { id: 42 first_name: "Ada" }
                        chat { id: 42 type: "private" }
                        entities { type: "bot_command" offset: 0 length: 6 }
                      }
                    })pb")))));
}

TEST_F(GatewayRoutesTest, WebhookWithoutReplyAnswersEmpty200) {
  TestResponse response = PostUpdate(R"({"update_id": 7, "poll": {"id": "x"}})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_THAT(fake_.handle_update.calls(), SizeIs(1));
}

TEST_F(GatewayRoutesTest, WebhookAnswers5xxWhenTheServerFailsSoTelegramRedelivers) {
  fake_.handle_update.Answer(grpc::Status(grpc::StatusCode::UNAVAILABLE, "redis down"));
  TestResponse response = PostUpdate(kStartUpdate);
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(ParseJson(response.body).struct_value().fields().at("code").number_value(), 14);
  fake_.handle_update.Answer(grpc::Status(grpc::StatusCode::INTERNAL, "bug"));
  EXPECT_EQ(PostUpdate(kStartUpdate).status, 500);
}

TEST_F(GatewayRoutesTest, WebhookRefusedWhileItsUpdateIsProcessedSaysSo) {
  fake_.handle_update.Answer(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                          "update is being processed; retry later",
                                          tgauth::kServerComposedStatusDetails));
  TestResponse refused = PostUpdate(kStartUpdate);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(ParseJson(refused.body).struct_value().fields().at("message").string_value(),
            "update is being processed; retry later");

  // gRPC's own failures may name internal addresses: a fixed message instead.
  fake_.handle_update.Answer(
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "failed to connect to 10.0.0.5:50051"));
  TestResponse unreachable = PostUpdate(kStartUpdate);
  EXPECT_EQ(unreachable.status, 503);
  EXPECT_EQ(ParseJson(unreachable.body).struct_value().fields().at("message").string_value(),
            "tgauth-server is unavailable; retry later");
}

// --- Logins ---

TEST_F(GatewayRoutesTest, CreateForwardsUserAgentClientIpAndDeviceName) {
  TestResponse response =
      Post("/v1/logins", R"({"deviceName": "Laptop"})",
           {{"User-Agent", "Mozilla/5.0 test"}, {"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(response.status, 200);
  auto calls = fake_.create_login.calls();
  ASSERT_THAT(calls, SizeIs(1));
  // X-Forwarded-For is not trusted by default: the TCP peer is the client.
  EXPECT_THAT(calls[0].request, EqualsProto(FromText<tgauth::v1::CreateLoginRequest>(R"pb(
                device { user_agent: "Mozilla/5.0 test" ip_address: "127.0.0.1" name: "Laptop" }
              )pb")));
}

TEST_F(GatewayRoutesTest, CreateForwardsTheBrowsersTimeZone) {
  Post("/v1/logins", R"({"time_zone": "America/Port-au-Prince"})");
  Post("/v1/logins", R"({"timeZone": "Etc/GMT+5", "device_name": "Desk"})");
  auto calls = fake_.create_login.calls();
  ASSERT_THAT(calls, SizeIs(2));
  EXPECT_EQ(calls[0].request.device().time_zone(), "America/Port-au-Prince");
  EXPECT_EQ(calls[1].request.device().time_zone(), "Etc/GMT+5");
  EXPECT_EQ(calls[1].request.device().name(), "Desk");
}

TEST_F(GatewayRoutesTest, CreateForwardsTheAuthorizationRequestTheLoginIsFor) {
  Post("/v1/logins", R"({"authorization": "h4ndle"})");
  auto calls = fake_.create_login.calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].request.authorization(), "h4ndle");
}

TEST_F(GatewayRoutesTest, CreateWithABadTimeZoneOrLongDeviceNameIsBadRequest) {
  const std::pair<std::string, std::string> kCases[] = {
      {R"({"time_zone": 5})", "time_zone must be a string"},
      {R"({"timeZone": "Europe/Berlin; DROP"})",
       "time_zone must be an IANA time zone name such as Europe/Berlin (at most 64 bytes)"},
      {R"({"time_zone": ")" + std::string(65, 'a') + R"("})",
       "time_zone must be an IANA time zone name such as Europe/Berlin (at most 64 bytes)"},
      {R"({"deviceName": ")" + std::string(65, 'n') + R"("})",
       "device_name must be at most 64 bytes"},
      {R"({"authorization": ["h"]})", "authorization must be a string"},
  };
  for (const auto& [body, message] : kCases) {
    TestResponse response = Post("/v1/logins", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(ErrorMessage(response), message);
  }
  EXPECT_THAT(fake_.create_login.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, CreateTakesClientIpFromForwardedForOnlyWhenTrusted) {
  Post("/v1/logins", "", {{"X-Forwarded-For", "203.0.113.9"}});
  StartGateway({.webhook_secret = kSecret, .client_address = {.trust_forwarded_for = true}});
  Post("/v1/logins", "", {{"X-Forwarded-For", "10.0.0.1 , 2001:db8::7 "}});
  Post("/v1/logins", "", {{"X-Forwarded-For", "not-an-ip"}});
  auto calls = fake_.create_login.calls();
  ASSERT_THAT(calls, SizeIs(3));
  EXPECT_EQ(calls[0].request.device().ip_address(), "127.0.0.1");
  EXPECT_EQ(calls[1].request.device().ip_address(), "2001:db8::7");
  EXPECT_EQ(calls[2].request.device().ip_address(), "127.0.0.1");
}

// The client writes whatever it likes at the left of X-Forwarded-For; only
// the entries the trusted proxies appended say who connected.
TEST_F(GatewayRoutesTest, CreateIgnoresForwardedForEntriesTheClientWrote) {
  StartGateway({.webhook_secret = kSecret,
                .client_address = {.trust_forwarded_for = true, .trusted_proxy_hops = 2}});
  Post("/v1/logins", "",
       {{"X-Forwarded-For", "192.0.2.1"},  // Forged by the client: a second header line.
        {"X-Forwarded-For", "198.51.100.4, 10.0.0.2"}});
  Post("/v1/logins", "", {{"X-Forwarded-For", "10.0.0.2"}});  // Fewer entries than hops.
  auto calls = fake_.create_login.calls();
  ASSERT_THAT(calls, SizeIs(2));
  EXPECT_EQ(calls[0].request.device().ip_address(), "198.51.100.4");
  EXPECT_EQ(calls[1].request.device().ip_address(), "127.0.0.1");
}

TEST_F(GatewayRoutesTest, CreateAcceptsAnEmptyBodyAndTruncatesLongUserAgents) {
  EXPECT_EQ(Post("/v1/logins", "", {{"User-Agent", std::string(600, 'u')}}).status, 200);
  auto calls = fake_.create_login.calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].request.device().user_agent(), std::string(512, 'u'));
  EXPECT_EQ(calls[0].request.device().name(), "");
}

TEST_F(GatewayRoutesTest, CreateWithMalformedBodyIsBadRequestAndNothingIsForwarded) {
  for (const char* body : {"{", "[]", R"({"deviceName": 5})"}) {
    TestResponse response = Post("/v1/logins", body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(ParseJson(response.body).struct_value().fields().at("code").number_value(), 3);
  }
  EXPECT_THAT(fake_.create_login.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, CreateAnswersProto3JsonThatIsNeverCached) {
  fake_.create_login.Answer(grpc::Status::OK, FromText<tgauth::v1::CreateLoginResponse>(R"pb(
                              login_token: "L"
                              poll_token: "P"
                              deep_link: "https://t.me/bot?start=L"
                              qr_svg: "<svg/>"
                              expires_at { seconds: 1700000300 }
                              poll_interval_seconds: 2
                              match_code: "42"
                            )pb"));
  TestResponse response = Post("/v1/logins", "{}");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_THAT(response.body, JsonEq(std::string(R"({
    "loginToken": "L", "pollToken": "P", "deepLink": "https://t.me/bot?start=L",
    "qrSvg": "<svg/>", "expiresAt": "2023-11-14T22:18:20Z", "pollIntervalSeconds": 2,
    "matchCode": "42"})")));
}

TEST_F(GatewayRoutesTest, PollWithoutBearerTokenIsUnauthenticated) {
  for (const auto& headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {},
           {{"Authorization", "Basic abc"}},
           {{"Authorization", "Bearer "}},
           {{"Authorization", "Bearer a b"}}}) {
    TestResponse response = Get(absl::StrCat("/v1/logins/", kLoginToken), headers);
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.Header("www-authenticate"), "Bearer");
    EXPECT_THAT(response.body, JsonEq(std::string(R"({"code": 16, "message":
        "missing poll token: send Authorization: Bearer <poll_token>"})")));
  }
  EXPECT_THAT(fake_.await_login.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, PollWithWaitOutside0To30IsBadRequest) {
  for (const char* query :
       {"?wait=31", "?wait=-1", "?wait=abc", "?wait=", "?wait=1.5", "?wait=+5", "?wait=007"}) {
    TestResponse response = Poll(query);
    EXPECT_EQ(response.status, 400) << query;
    EXPECT_EQ(ParseJson(response.body).struct_value().fields().at("code").number_value(), 3);
  }
  EXPECT_THAT(fake_.await_login.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, PollForwardsTheStateTheClientLastSaw) {
  Poll("?wait=25&known_state=LOGIN_STATE_SCANNED");
  Poll("?known_state=LOGIN_STATE_PENDING");
  Poll("?wait=25");
  auto calls = fake_.await_login.calls();
  ASSERT_THAT(calls, SizeIs(3));
  EXPECT_EQ(calls[0].request.known_state(), tgauth::v1::LOGIN_STATE_SCANNED);
  EXPECT_EQ(calls[1].request.known_state(), tgauth::v1::LOGIN_STATE_PENDING);
  EXPECT_EQ(calls[2].request.known_state(), tgauth::v1::LOGIN_STATE_UNSPECIFIED);
}

TEST_F(GatewayRoutesTest, PollWithAnUnknownKnownStateIsBadRequest) {
  for (const char* query : {"?known_state=SCANNED", "?known_state=2",
                            "?known_state=", "?known_state=login_state_scanned"}) {
    TestResponse response = Poll(query);
    EXPECT_EQ(response.status, 400) << query;
    EXPECT_EQ(ErrorMessage(response),
              "known_state must be a login state such as LOGIN_STATE_SCANNED");
  }
  EXPECT_THAT(fake_.await_login.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, PollWithMalformedLoginTokenIsBadRequest) {
  TestResponse response = Get("/v1/logins/short", {{"Authorization", "Bearer x"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(fake_.await_login.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, PollForwardsTokensAndWaitWithFiveSecondsOfSlack) {
  fake_.await_login.Answer(
      grpc::Status::OK, FromText<tgauth::v1::AwaitLoginResponse>(R"pb(
        state: LOGIN_STATE_CONFIRMED
        user { id: "u1" telegram_id: 42 first_name: "Ada" }
        session { session_id: "s1" access_token: "jwt" token_type: "Bearer" expires_in: 900 }
      )pb"));
  TestResponse response = Poll("?wait=20");
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"state": "LOGIN_STATE_CONFIRMED",
    "user": {"id": "u1", "telegramId": "42", "firstName": "Ada"},
    "session": {"sessionId": "s1", "accessToken": "jwt", "tokenType": "Bearer", "expiresIn": 900}})")));
  auto calls = fake_.await_login.calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].request.login_token(), kLoginToken);
  EXPECT_EQ(calls[0].request.poll_token(), kPollToken);
  EXPECT_EQ(calls[0].request.wait_seconds(), 20);
  EXPECT_GT(calls[0].deadline_in, absl::Seconds(24));
  // gRPC rounds the deadline up when it puts it on the wire.
  EXPECT_LT(calls[0].deadline_in, absl::Seconds(25.5));
}

TEST_F(GatewayRoutesTest, PollWithoutWaitAsksForAnImmediateAnswer) {
  fake_.await_login.Answer(grpc::Status::OK,
                           FromText<tgauth::v1::AwaitLoginResponse>("state: LOGIN_STATE_PENDING"));
  TestResponse response = Poll("");
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"state": "LOGIN_STATE_PENDING"})")));
  ASSERT_THAT(fake_.await_login.calls(), SizeIs(1));
  EXPECT_EQ(fake_.await_login.calls()[0].request.wait_seconds(), 0);
}

TEST_F(GatewayRoutesTest, PollPassesServerErrorsThroughWithTheirHttpStatus) {
  fake_.await_login.Answer(
      grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "login already redeemed"));
  TestResponse response = Poll("?wait=0");
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(response.body,
              JsonEq(std::string(R"({"code": 9, "message": "login already redeemed"})")));
  fake_.await_login.Answer(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "wrong poll token"));
  EXPECT_EQ(Poll("").status, 403);
}

// --- JWKS, health, static files ---

TEST_F(GatewayRoutesTest, JwksUsesProtoFieldNamesAndPublicCaching) {
  fake_.get_jwks.Answer(
      grpc::Status::OK, FromText<tgauth::v1::GetJwksResponse>(R"pb(
        keys { kty: "EC" crv: "P-256" x: "xx" y: "yy" kid: "k1" use: "sig" alg: "ES256" }
      )pb"));
  TestResponse response = Get("/.well-known/jwks.json");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "public, max-age=300");
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"keys": [{"kty": "EC", "crv": "P-256",
    "x": "xx", "y": "yy", "kid": "k1", "use": "sig", "alg": "ES256"}]})")));
}

TEST_F(GatewayRoutesTest, OpenIdConfigurationUsesProtoFieldNamesAndPublicCaching) {
  fake_.get_openid_configuration.Answer(grpc::Status::OK,
                                        FromText<tgauth::v1::OpenIdConfiguration>(R"pb(
                                          issuer: "https://auth.example"
                                          jwks_uri: "https://auth.example/.well-known/jwks.json"
                                          id_token_signing_alg_values_supported: "ES256"
                                          subject_types_supported: "public"
                                          claims_supported: [ "sub", "sid" ]
                                        )pb"));
  TestResponse response = Get("/.well-known/openid-configuration", {{"Origin", kAllowedOrigin}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("cache-control"), "public, max-age=300");
  EXPECT_EQ(response.Header("access-control-allow-origin"), kAllowedOrigin);
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"issuer": "https://auth.example",
    "jwks_uri": "https://auth.example/.well-known/jwks.json",
    "id_token_signing_alg_values_supported": ["ES256"], "subject_types_supported": ["public"],
    "claims_supported": ["sub", "sid"]})")));

  fake_.get_openid_configuration.Answer(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"));
  TestResponse failed = Get("/.well-known/openid-configuration");
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.Header("cache-control"), "no-store");  // An error is never cached.
}

TEST_F(GatewayRoutesTest, HealthzIsOkWithoutAnyRpc) {
  TestResponse response = Get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(std::string(R"({"status": "ok"})")));
  EXPECT_THAT(fake_.get_jwks.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, ReadyzFollowsTheServersHealthWhileHealthzStaysOk) {
  TestResponse ready = Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_THAT(ready.body, JsonEq(std::string(R"({"status": "ready"})")));

  // The server answers but cannot reach its stores: not ready, still alive.
  grpc_server_->GetHealthCheckService()->SetServingStatus(false);
  TestResponse not_serving = Get("/readyz");
  EXPECT_EQ(not_serving.status, 503);
  EXPECT_THAT(not_serving.body, JsonEq(std::string(R"({"status": "not serving"})")));
  EXPECT_EQ(Get("/healthz").status, 200);

  // The server does not answer at all.
  grpc_server_->Shutdown();
  TestResponse unreachable = Get("/readyz");
  EXPECT_EQ(unreachable.status, 503);
  EXPECT_THAT(unreachable.body, ContainsRegex("\"code\": ?14"));
}

TEST_F(GatewayRoutesTest, LoginPageIsServedWithContentTypesAndScriptPolicy) {
  const std::pair<const char*, const char*> kFiles[] = {
      {"/", "text/html; charset=utf-8"},
      {"/login.js", "text/javascript; charset=utf-8"},
      {"/session.js", "text/javascript; charset=utf-8"},
      {"/messages.js", "text/javascript; charset=utf-8"},
      {"/callback.js", "text/javascript; charset=utf-8"},
      {"/auth/telegram/callback", "text/html; charset=utf-8"},
      {"/miniapp.js", "text/javascript; charset=utf-8"},
      {"/return_to.js", "text/javascript; charset=utf-8"},
      {"/sdk/tgauth.js", "text/javascript; charset=utf-8"},
      {"/login.css", "text/css; charset=utf-8"}};
  for (const auto& [path, content_type] : kFiles) {
    TestResponse response = Get(path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.Header("content-type"), content_type) << path;
    EXPECT_THAT(response.Header("content-security-policy"), HasSubstr("script-src 'self'"));
    EXPECT_FALSE(response.body.empty());
  }
  EXPECT_THAT(Get("/").body, HasSubstr("<script src=\"/login.js\""));
}

TEST_F(GatewayRoutesTest, PagesRefuseToBeFramedByOldBrowsersToo) {
  for (const char* path : {"/", "/auth/telegram/callback"}) {
    TestResponse response = Get(path);
    EXPECT_THAT(response.Header("content-security-policy"), HasSubstr("frame-ancestors 'none'"));
    EXPECT_THAT(response.Header("content-security-policy"), HasSubstr("script-src 'self';"));
    EXPECT_EQ(response.Header("x-frame-options"), "DENY") << path;
  }
}

TEST_F(GatewayRoutesTest, MiniAppPageMayRunTelegramsScriptAndBeFramedByTelegramWebOnly) {
  for (const char* path : {"/miniapp", "/miniapp.html"}) {
    TestResponse response = Get(path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_THAT(response.body, HasSubstr("https://telegram.org/js/telegram-web-app.js"));
    EXPECT_THAT(response.Header("content-security-policy"),
                AllOf(HasSubstr("script-src 'self' https://telegram.org;"),
                      HasSubstr("frame-ancestors https://web.telegram.org"),
                      HasSubstr("connect-src 'self';")));
    EXPECT_EQ(response.Header("x-frame-options"), "") << path;
  }
}

TEST_F(GatewayRoutesTest, WebConfigListsTheOriginsPagesMayReturnTo) {
  EXPECT_THAT(Get("/v1/web-config").body, JsonEq(std::string(R"({"returnToOrigins": []})")));
  StartGateway({.webhook_secret = kSecret,
                .return_to_origins = {"https://app.example", "http://localhost:3000"}});
  TestResponse response = Get("/v1/web-config");
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.body, JsonEq(std::string(
                                 R"({"returnToOrigins": ["https://app.example",
                                                         "http://localhost:3000"]})")));
}

TEST_F(GatewayRoutesTest, HttpsSiteGetsStrictTransportSecurityOnEveryResponse) {
  EXPECT_EQ(Get("/").Header("strict-transport-security"), "");  // Site URL unknown.
  StartGateway({.webhook_secret = kSecret, .site_url = "http://127.0.0.1:8080"});
  EXPECT_EQ(Get("/").Header("strict-transport-security"), "");
  StartGateway({.webhook_secret = kSecret, .site_url = "https://login.example.com"});
  for (const char* path : {"/", "/healthz", "/v1/me", "/nope"}) {
    EXPECT_EQ(Get(path).Header("strict-transport-security"), "max-age=63072000") << path;
  }
}

// --- Routing, CORS, HTTP framing ---

TEST_F(GatewayRoutesTest, UnknownPathIsNotFoundWithTheJsonErrorBody) {
  for (const char* path : {"/nope", "/v1/logins/", "/v1/logins/a/b", "/v1"}) {
    TestResponse response = Get(path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.Header("content-type"), "application/json");
    EXPECT_THAT(response.body,
                JsonEq(std::string(R"({"code": 5, "message": "no such resource"})")));
  }
}

TEST_F(GatewayRoutesTest, WrongMethodIsMethodNotAllowedWithAllowHeader) {
  TestResponse response = Get("/v1/logins");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.Header("allow"), "POST, OPTIONS");
  EXPECT_EQ(ParseJson(response.body).struct_value().fields().at("code").number_value(), 12);
  EXPECT_EQ(Post("/healthz", "").Header("allow"), "GET");
}

TEST_F(GatewayRoutesTest, AllowedOriginGetsCorsHeadersAndOthersDoNot) {
  TestResponse allowed = Get("/healthz", {{"Origin", kAllowedOrigin}});
  EXPECT_EQ(allowed.Header("access-control-allow-origin"), kAllowedOrigin);
  EXPECT_EQ(allowed.Header("vary"), "Origin");
  TestResponse other = Get("/healthz", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.Header("access-control-allow-origin"), "");
}

// Each CORS header once: a browser refuses a preflight whose
// Access-Control-Allow-Origin holds the origin twice.
TEST_F(GatewayRoutesTest, PreflightForTheApiListsMethodsAndHeaders) {
  TestResponse response =
      Send(http_->port(),
           {.method = "OPTIONS",
            .target = "/v1/logins/" + kLoginToken,
            .headers = {{"Origin", kAllowedOrigin}, {"Access-Control-Request-Method", "GET"}}});
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.Header("access-control-allow-origin"), kAllowedOrigin);
  EXPECT_EQ(response.Header("access-control-allow-methods"), "GET, OPTIONS");
  EXPECT_EQ(response.Header("access-control-allow-headers"),
            "Authorization, Content-Type, X-TGAuth-Session");
  EXPECT_EQ(response.Header("access-control-allow-credentials"), "true");
  EXPECT_EQ(response.Header("vary"), "Origin");
  EXPECT_THAT(fake_.await_login.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::vector<TestResponse> responses = SendOnOneConnection(
      http_->port(), {{.target = "/healthz"}, {.target = "/nope"}, {.target = "/"}});
  ASSERT_THAT(responses, SizeIs(3));
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[1].status, 404);
  EXPECT_EQ(responses[2].status, 200);
}

TEST_F(GatewayRoutesTest, OversizedBodyIsPayloadTooLarge) {
  TestResponse response = PostUpdate(std::string(64 * 1024 + 1, ' '));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(ParseJson(response.body).struct_value().fields().at("code").number_value(), 8);
  EXPECT_THAT(fake_.handle_update.calls(), IsEmpty());
}

TEST_F(GatewayRoutesTest, UnparsableRequestIsBadRequestWithTheJsonErrorBody) {
  TestResponse response = SendRaw(http_->port(), "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n");
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(response.body,
              JsonEq(std::string(R"({"code": 3, "message": "malformed HTTP request"})")));
}

TEST(HttpServerTest, StartFailsClearlyWhenTheAddressIsTaken) {
  auto first = HttpServer::Start("127.0.0.1:0", [](HttpRequest, Respond respond) { respond({}); });
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = HttpServer::Start(absl::StrCat("127.0.0.1:", (*first)->port()),
                                  [](HttpRequest, Respond respond) { respond({}); });
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(second.status().message()), HasSubstr("cannot listen on"));
  EXPECT_EQ(HttpServer::Start("nonsense", nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tgauth::gateway
