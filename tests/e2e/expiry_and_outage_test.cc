// End to end: logins that expire, and a Redis outage (the server answers
// UNAVAILABLE, Telegram is told to retry, and everything heals on its own).
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/private_postgres.h"
#include "tests/e2e/private_redis.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tests/storage/test_env.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth::e2e {
namespace {

using fixtures::HttpReply;
using ::testing::HasSubstr;

v1::CreateLoginResponse ParseLogin(const HttpReply& reply) {
  v1::CreateLoginResponse login;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(reply.body, &login).ok()) << reply.body;
  return login;
}

TEST(LoginExpiryTest, ParkedPollOfAnExpiringLoginReportsExpiredAndTheLinkStopsWorking) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = {"--login_ttl=1s"}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  absl::StatusOr<HttpReply> created = (*cluster)->Http("POST", "/v1/logins");
  ASSERT_TRUE(created.ok()) << created.status();
  v1::CreateLoginResponse login = ParseLogin(*created);

  // Parked for up to 10 s, the poll must return when the login expires.
  const absl::Time start = absl::Now();
  absl::StatusOr<HttpReply> poll =
      (*cluster)->Http("GET", absl::StrCat("/v1/logins/", login.login_token(), "?wait=10"),
                       {{"Authorization", "Bearer " + login.poll_token()}});
  ASSERT_TRUE(poll.ok()) << poll.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(8));
  v1::AwaitLoginResponse expired;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(poll->body, &expired).ok());
  EXPECT_EQ(expired.state(), v1::LOGIN_STATE_EXPIRED);

  absl::StatusOr<HttpReply> scan = (*cluster)->SendUpdate(fixtures::StartCommandUpdateJson(
      {}, {.update_id = absl::ToUnixMillis(absl::Now())}, login.login_token()));
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan->status, 200);
  EXPECT_THAT(scan->body, HasSubstr("expired or was already used"));
}

int ErrorCode(const HttpReply& reply) {
  google::protobuf::Struct body;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(reply.body, &body).ok()) << reply.body;
  return static_cast<int>(body.fields().at("code").number_value());
}

TEST(RedisOutageTest, RequestsFailAsUnavailableWhileRedisIsDownAndHealAfterwards) {
  PrivateRedis redis(storage::ClosedPort());
  ASSERT_TRUE(redis.Start().ok());
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.redis_url = redis.url()});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  TgauthCluster& tgauth = **cluster;
  absl::StatusOr<HttpReply> created = tgauth.Http("POST", "/v1/logins");
  ASSERT_TRUE(created.ok()) << created.status();
  v1::CreateLoginResponse login = ParseLogin(*created);

  redis.Kill();
  absl::StatusOr<HttpReply> create = tgauth.Http("POST", "/v1/logins");
  ASSERT_TRUE(create.ok());
  EXPECT_EQ(create->status, 503);
  EXPECT_EQ(ErrorCode(*create), 14);  // UNAVAILABLE
  absl::StatusOr<HttpReply> poll =
      tgauth.Http("GET", absl::StrCat("/v1/logins/", login.login_token()),
                  {{"Authorization", "Bearer " + login.poll_token()}});
  ASSERT_TRUE(poll.ok()) << poll.status();
  EXPECT_EQ(poll->status, 503);
  // Telegram must retry an update it could not be given.
  absl::StatusOr<HttpReply> scan = tgauth.SendUpdate(fixtures::StartCommandUpdateJson(
      {}, {.update_id = absl::ToUnixMillis(absl::Now())}, login.login_token()));
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_GE(scan->status, 500);

  ASSERT_TRUE(redis.Start().ok());
  absl::StatusOr<HttpReply> healed = tgauth.Http("POST", "/v1/logins");
  ASSERT_TRUE(healed.ok());
  EXPECT_EQ(healed->status, 200) << healed->body;
}

TEST(DatabaseOutageTest, CrashDuringSignInWritesNoHalfSessionAndTheLoginCompletesAfterwards) {
  absl::StatusOr<std::unique_ptr<PrivatePostgres>> pg = PrivatePostgres::Create();
  ASSERT_TRUE(pg.ok()) << pg.status();
  ASSERT_TRUE((*pg)->Start().ok());
  // Without the confirmation step the scan itself confirms the login.
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster = TgauthCluster::Start(
      {.database_url = (*pg)->url(), .server_flags = {"--login_confirmation=false"}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  TgauthCluster& tgauth = **cluster;
  absl::StatusOr<HttpReply> created = tgauth.Http("POST", "/v1/logins");
  ASSERT_TRUE(created.ok()) << created.status();
  v1::CreateLoginResponse login = ParseLogin(*created);
  const std::string update = fixtures::StartCommandUpdateJson(
      {}, {.update_id = absl::ToUnixMillis(absl::Now())}, login.login_token());
  auto poll = [&] {
    return tgauth.Http("GET", absl::StrCat("/v1/logins/", login.login_token()),
                       {{"Authorization", "Bearer " + login.poll_token()}});
  };

  // The scan needs only Redis: the user and the session are written
  // together when the login is redeemed, so PostgreSQL being down does not
  // hold the confirmation up.
  ASSERT_TRUE((*pg)->Crash().ok());
  absl::StatusOr<HttpReply> confirmed = tgauth.SendUpdate(update);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  EXPECT_EQ(confirmed->status, 200);
  EXPECT_THAT(confirmed->body, HasSubstr("signed in"));

  // Redeeming needs the users and sessions tables: with PostgreSQL down the
  // poll gets UNAVAILABLE and the login stays redeemable.
  absl::StatusOr<HttpReply> failed = poll();
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(failed->status, 503) << failed->body;
  EXPECT_EQ(ErrorCode(*failed), 14);
  ASSERT_TRUE((*pg)->Start().ok());
  absl::StatusOr<HttpReply> redeemed = poll();
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
  ASSERT_EQ(redeemed->status, 200) << redeemed->body;
  v1::AwaitLoginResponse outcome;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(redeemed->body, &outcome).ok());
  EXPECT_EQ(outcome.state(), v1::LOGIN_STATE_CONFIRMED);
  // A repeat (as if this answer was lost too) gets the login's one session.
  absl::StatusOr<HttpReply> again = poll();
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->status, 200) << again->body;
  v1::AwaitLoginResponse repeated;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(again->body, &repeated).ok());
  EXPECT_EQ(repeated.session().session_id(), outcome.session().session_id());
  EXPECT_EQ(repeated.session().refresh_token(), outcome.session().refresh_token());
}

}  // namespace
}  // namespace tgauth::e2e
