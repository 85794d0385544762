// The QR / deep-link login end to end: real tgauth-server and tgauth-gateway
// processes, real PostgreSQL and Redis, HTTP like a browser and Telegram.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <future>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/token/jwt_verifier.h"
#include "storage/postgres/postgres_session_store.h"
#include "storage/postgres/postgres_user_store.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tests/storage/test_env.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth::e2e {
namespace {

using fixtures::HttpReply;
using fixtures::TelegramUserFixture;
using ::testing::HasSubstr;

template <typename Message>
Message ParseJson(const std::string& json) {
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;  // The API must not grow fields silently.
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &message, options).ok()) << json;
  return message;
}

// The `code` of an error body {"code": N, "message": "..."}.
int ErrorCode(const HttpReply& reply) {
  auto body = ParseJson<google::protobuf::Struct>(reply.body);
  EXPECT_TRUE(body.fields().contains("message")) << reply.body;
  return static_cast<int>(body.fields().at("code").number_value());
}

class LoginFlowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = storage::ConnectTestDatabase().release();
    // The scan signs in at once here; bot_conversation_test.cc covers the
    // confirmation step.
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
        TgauthCluster::Start({.server_flags = {"--login_confirmation=false"}});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = cluster->release();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    delete database_;
  }

  static TelegramUserFixture NewTelegramUser() {
    static absl::BitGen random;
    TelegramUserFixture user;
    user.id = absl::Uniform<int64_t>(random, 1'000'000'000, 8'000'000'000);
    return user;
  }
  static int64_t NextUpdateId() {
    static int64_t id = absl::ToUnixMillis(absl::Now());
    return ++id;
  }

  v1::CreateLoginResponse CreateLogin() {
    absl::StatusOr<HttpReply> reply = cluster_->Http(
        "POST", "/v1/logins", {{"User-Agent", "Mozilla/5.0 (X11; Linux) Firefox/120"}});
    EXPECT_TRUE(reply.ok() && reply->status == 200) << (reply.ok() ? reply->body : "");
    return ParseJson<v1::CreateLoginResponse>(reply.ok() ? reply->body : "{}");
  }

  HttpReply Poll(const std::string& login_token, const std::string& poll_token, int wait = 0) {
    absl::StatusOr<HttpReply> reply =
        cluster_->Http("GET", absl::StrCat("/v1/logins/", login_token, "?wait=", wait),
                       {{"Authorization", "Bearer " + poll_token}});
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : HttpReply{};
  }

  HttpReply Scan(const std::string& login_token, const TelegramUserFixture& user,
                 int64_t update_id = NextUpdateId()) {
    absl::StatusOr<HttpReply> reply = cluster_->SendUpdate(fixtures::StartCommandUpdateJson(
        user, {.update_id = update_id, .message_id = update_id % 100000}, login_token));
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : HttpReply{};
  }

  // A whole sign-in: create, scan, redeem.
  v1::AwaitLoginResponse SignIn(const TelegramUserFixture& user) {
    v1::CreateLoginResponse login = CreateLogin();
    EXPECT_EQ(Scan(login.login_token(), user).status, 200);
    HttpReply redeemed = Poll(login.login_token(), login.poll_token());
    EXPECT_EQ(redeemed.status, 200) << redeemed.body;
    return ParseJson<v1::AwaitLoginResponse>(redeemed.body);
  }

  static storage::PostgresDatabase* database_;
  static TgauthCluster* cluster_;
};

storage::PostgresDatabase* LoginFlowTest::database_ = nullptr;
TgauthCluster* LoginFlowTest::cluster_ = nullptr;

TEST_F(LoginFlowTest, ScanWakesTheParkedPollWhichSignsInWithAVerifiableAccessToken) {
  const TelegramUserFixture user = NewTelegramUser();
  v1::CreateLoginResponse login = CreateLogin();
  EXPECT_EQ(login.deep_link(), "https://t.me/tgauth_e2e_bot?start=" + login.login_token());
  EXPECT_THAT(login.qr_svg(), HasSubstr("<svg"));
  EXPECT_GT(login.poll_interval_seconds(), 0);

  HttpReply pending = Poll(login.login_token(), login.poll_token());
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_EQ(ParseJson<v1::AwaitLoginResponse>(pending.body).state(), v1::LOGIN_STATE_PENDING);

  // The browser parks a long poll; the phone then scans.
  auto parked = std::async(std::launch::async, [&] {
    return Poll(login.login_token(), login.poll_token(), /*wait=*/25);
  });
  HttpReply webhook = Scan(login.login_token(), user);
  ASSERT_EQ(webhook.status, 200) << webhook.body;
  auto bot_reply = ParseJson<google::protobuf::Struct>(webhook.body);
  EXPECT_EQ(bot_reply.fields().at("method").string_value(), "sendMessage");
  EXPECT_EQ(bot_reply.fields().at("chat_id").number_value(), static_cast<double>(user.id));
  EXPECT_THAT(bot_reply.fields().at("text").string_value(), HasSubstr("on Firefox on Linux"));

  ASSERT_EQ(parked.wait_for(std::chrono::seconds(20)), std::future_status::ready)
      << "the scan did not wake the parked poll";
  HttpReply signed_in = parked.get();
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  auto outcome = ParseJson<v1::AwaitLoginResponse>(signed_in.body);
  EXPECT_EQ(outcome.state(), v1::LOGIN_STATE_CONFIRMED);
  EXPECT_EQ(outcome.user().telegram_id(), user.id);
  EXPECT_EQ(outcome.user().first_name(), "Ada");
  EXPECT_EQ(outcome.user().last_name(), "Lovelace");
  EXPECT_EQ(outcome.user().username(), "ada_l");
  EXPECT_EQ(outcome.session().token_type(), "Bearer");
  EXPECT_EQ(outcome.session().expires_in(), 900);
  EXPECT_EQ(outcome.session().refresh_token().size(), 43u);

  absl::StatusOr<HttpReply> jwks = cluster_->Http("GET", "/.well-known/jwks.json");
  ASSERT_TRUE(jwks.ok()) << jwks.status();
  ASSERT_EQ(jwks->status, 200) << jwks->body;
  absl::StatusOr<VerifiedJwt> jwt =
      VerifyEs256Jwt(outcome.session().access_token(), ParseJson<v1::GetJwksResponse>(jwks->body));
  ASSERT_TRUE(jwt.ok()) << jwt.status();
  const auto& claims = jwt->claims.fields();
  EXPECT_EQ(claims.at("sub").string_value(), outcome.user().id());
  EXPECT_EQ(claims.at("sid").string_value(), outcome.session().session_id());
  EXPECT_EQ(claims.at("telegram_id").number_value(), static_cast<double>(user.id));
  EXPECT_EQ(claims.at("aud").string_value(), "tgauth");
  EXPECT_EQ(claims.at("exp").number_value() - claims.at("iat").number_value(), 900);

  // Only the refresh token's hash is stored, never the token.
  storage::PostgresSessionStore sessions(*database_);
  absl::StatusOr<std::vector<storage::SessionRecord>> rows =
      sessions.ListByUser(outcome.user().id());
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].sign_in_method, "qr");
  EXPECT_EQ((*rows)[0].device.user_agent, "Mozilla/5.0 (X11; Linux) Firefox/120");
}

TEST_F(LoginFlowTest, RepeatedRedeemGetsTheSameSessionUntilItsRefreshTokenIsUsed) {
  v1::CreateLoginResponse login = CreateLogin();
  ASSERT_EQ(Scan(login.login_token(), NewTelegramUser()).status, 200);
  HttpReply first = Poll(login.login_token(), login.poll_token());
  ASSERT_EQ(first.status, 200);
  // As if the first answer was lost: the retry gets the login's one session.
  HttpReply repeat = Poll(login.login_token(), login.poll_token());
  ASSERT_EQ(repeat.status, 200) << repeat.body;
  const auto session = ParseJson<v1::AwaitLoginResponse>(first.body).session();
  const auto repeated = ParseJson<v1::AwaitLoginResponse>(repeat.body).session();
  EXPECT_EQ(repeated.session_id(), session.session_id());
  EXPECT_EQ(repeated.refresh_token(), session.refresh_token());

  absl::StatusOr<HttpReply> refreshed =
      cluster_->Http("POST", "/v1/sessions:refresh", {{"Content-Type", "application/json"}},
                     absl::StrCat(R"({"refresh_token": ")", session.refresh_token(), R"("})"));
  ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  ASSERT_EQ(refreshed->status, 200) << refreshed->body;
  HttpReply again = Poll(login.login_token(), login.poll_token());
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(ErrorCode(again), 9);  // FAILED_PRECONDITION
  EXPECT_THAT(again.body, HasSubstr("already redeemed"));
}

TEST_F(LoginFlowTest, WrongPollTokenIsRefusedAndTheLoginStaysRedeemable) {
  v1::CreateLoginResponse login = CreateLogin();
  v1::CreateLoginResponse other = CreateLogin();
  ASSERT_EQ(Scan(login.login_token(), NewTelegramUser()).status, 200);
  HttpReply refused = Poll(login.login_token(), other.poll_token());
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(ErrorCode(refused), 7);  // PERMISSION_DENIED
  HttpReply rightful = Poll(login.login_token(), login.poll_token());
  EXPECT_EQ(ParseJson<v1::AwaitLoginResponse>(rightful.body).state(), v1::LOGIN_STATE_CONFIRMED);
}

TEST_F(LoginFlowTest, MalformedPollsGetPreciseErrors) {
  v1::CreateLoginResponse login = CreateLogin();
  HttpReply unknown = Poll(login.poll_token(), login.poll_token());  // A token that is no login.
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ErrorCode(unknown), 5);  // NOT_FOUND
  HttpReply bad_token = Poll("not-a-token", login.poll_token());
  EXPECT_EQ(bad_token.status, 400);
  EXPECT_EQ(ErrorCode(bad_token), 3);  // INVALID_ARGUMENT
  absl::StatusOr<HttpReply> no_bearer =
      cluster_->Http("GET", absl::StrCat("/v1/logins/", login.login_token()));
  ASSERT_TRUE(no_bearer.ok()) << no_bearer.status();
  EXPECT_EQ(no_bearer->status, 401);
  EXPECT_EQ(ErrorCode(*no_bearer), 16);  // UNAUTHENTICATED
  HttpReply long_wait = Poll(login.login_token(), login.poll_token(), 31);
  EXPECT_EQ(long_wait.status, 400);
}

TEST_F(LoginFlowTest, WebhookWithWrongOrMissingSecretIsRejectedAndChangesNothing) {
  v1::CreateLoginResponse login = CreateLogin();
  const std::string update = fixtures::StartCommandUpdateJson(
      NewTelegramUser(), {.update_id = NextUpdateId()}, login.login_token());
  absl::StatusOr<HttpReply> wrong = cluster_->Http(
      "POST", "/telegram/webhook", {{"X-Telegram-Bot-Api-Secret-Token", "guess"}}, update);
  absl::StatusOr<HttpReply> missing = cluster_->Http("POST", "/telegram/webhook", {}, update);
  ASSERT_TRUE(wrong.ok()) << wrong.status();
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(
      ParseJson<v1::AwaitLoginResponse>(Poll(login.login_token(), login.poll_token()).body).state(),
      v1::LOGIN_STATE_PENDING);
}

TEST_F(LoginFlowTest, WebhookWithMalformedJsonIsRejected) {
  absl::StatusOr<HttpReply> reply = cluster_->SendUpdate("{\"update_id\": 1, \"message\": ");
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(ErrorCode(*reply), 3);  // INVALID_ARGUMENT
}

TEST_F(LoginFlowTest, UpdatesThatAreNotLoginsAreAcknowledgedAndIgnored) {
  v1::CreateLoginResponse login = CreateLogin();
  const TelegramUserFixture user = NewTelegramUser();
  for (const std::string& update :
       {fixtures::EditedMessageUpdateJson(user, {.update_id = NextUpdateId()},
                                          "/start " + login.login_token()),
        fixtures::TextMessageUpdateJson(user, {.update_id = NextUpdateId()}, "hello"),
        std::string(R"({"update_id": 5, "my_chat_member": {"date": 1}})")}) {
    absl::StatusOr<HttpReply> reply = cluster_->SendUpdate(update);
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(reply->status, 200) << update;
  }
  EXPECT_EQ(
      ParseJson<v1::AwaitLoginResponse>(Poll(login.login_token(), login.poll_token()).body).state(),
      v1::LOGIN_STATE_PENDING);
}

TEST_F(LoginFlowTest, RedeliveredUpdateIsProcessedOnceAndAnsweredAgain) {
  v1::CreateLoginResponse login = CreateLogin();
  const TelegramUserFixture user = NewTelegramUser();
  const int64_t update_id = NextUpdateId();
  HttpReply first = Scan(login.login_token(), user, update_id);
  HttpReply redelivered = Scan(login.login_token(), user, update_id);
  EXPECT_EQ(first.status, 200);
  EXPECT_THAT(first.body, HasSubstr("signed in"));
  EXPECT_EQ(redelivered.status, 200);
  // The reply kept, not a second sign-in (the same JSON object).
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      ParseJson<google::protobuf::Struct>(redelivered.body),
      ParseJson<google::protobuf::Struct>(first.body)))
      << redelivered.body;
}

TEST_F(LoginFlowTest, ReloginOfUnchangedUserKeepsUpdatedAtAndAddsASession) {
  const TelegramUserFixture user = NewTelegramUser();
  v1::AwaitLoginResponse phone = SignIn(user);
  storage::PostgresUserStore users(*database_);
  absl::StatusOr<storage::UserRecord> first = users.FindByTelegramId(user.id);
  ASSERT_TRUE(first.ok()) << first.status();

  v1::AwaitLoginResponse pc = SignIn(user);
  EXPECT_EQ(pc.user().id(), phone.user().id());
  EXPECT_NE(pc.session().session_id(), phone.session().session_id());
  absl::StatusOr<storage::UserRecord> again = users.FindByTelegramId(user.id);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->updated_at, first->updated_at);
  storage::PostgresSessionStore sessions(*database_);
  absl::StatusOr<std::vector<storage::SessionRecord>> rows = sessions.ListByUser(pc.user().id());
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->size(), 2u);
}

TEST_F(LoginFlowTest, CrashedServerLosesNoSessionAndNoPendingLogin) {
  const TelegramUserFixture user = NewTelegramUser();
  v1::AwaitLoginResponse before = SignIn(user);
  v1::CreateLoginResponse pending = CreateLogin();

  ASSERT_TRUE(cluster_->RestartServer().ok());

  storage::PostgresSessionStore sessions(*database_);
  absl::StatusOr<std::vector<storage::SessionRecord>> rows =
      sessions.ListByUser(before.user().id());
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->size(), 1u);
  ASSERT_EQ(Scan(pending.login_token(), user).status, 200);
  // Long polls have a channel of their own, which may still be reconnecting
  // to the restarted server: its 503 is sent again, as the page does
  // (gateway/web/login.js).
  HttpReply after = Poll(pending.login_token(), pending.poll_token());
  for (const absl::Time give_up = absl::Now() + absl::Seconds(10);
       after.status == 503 && absl::Now() < give_up;) {
    absl::SleepFor(absl::Milliseconds(100));
    after = Poll(pending.login_token(), pending.poll_token());
  }
  EXPECT_EQ(ParseJson<v1::AwaitLoginResponse>(after.body).state(), v1::LOGIN_STATE_CONFIRMED)
      << after.status << " " << after.body;
}

}  // namespace
}  // namespace tgauth::e2e
