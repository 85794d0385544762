// Multi-device sessions end to end: several devices of one user,
// logout, "log out my other devices", concurrent refreshes, reuse detection
// and precise refusals. Real tgauth-server and tgauth-gateway processes, real
// PostgreSQL and Redis; users sign in through the QR flow over HTTP, then
// manage their sessions over gRPC like an app's backend would.
#include <grpcpp/grpcpp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/postgres/postgres_user_store.h"
#include "tests/e2e/private_file.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/storage/test_env.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::e2e {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;

constexpr char kPhone[] =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
constexpr char kPc[] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36";
constexpr char kTablet[] = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Mobile/15E148";

// What ValidateAccessToken (and every call authenticated by access token)
// says about a token of a revoked session.
constexpr char kRevokedSessionsToken[] = "invalid access token: the session has been revoked";

// What the database holds about a session and its refresh tokens, to show
// that a refusal changed nothing.
struct SessionRow {
  std::string expires_at, last_refreshed_at, revoked_at, revoke_reason;
  int64_t refresh_tokens = 0, rotated = 0;
  friend bool operator==(const SessionRow&, const SessionRow&) = default;
};

// The AuthService RPCs a signed-in client calls, straight to the server.
class Client {
 public:
  explicit Client(int grpc_port)
      : stub_(v1::AuthService::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_port),
                                                           grpc::InsecureChannelCredentials()))) {}

  grpc::Status Refresh(const std::string& refresh_token, v1::Session* session = nullptr) {
    grpc::ClientContext context;
    v1::RefreshSessionRequest request;
    request.set_refresh_token(refresh_token);
    v1::RefreshSessionResponse response;
    grpc::Status status = stub_->RefreshSession(&context, request, &response);
    if (session != nullptr) *session = response.session();
    return status;
  }
  grpc::Status Validate(const std::string& access_token) {
    grpc::ClientContext context;
    v1::ValidateAccessTokenRequest request;
    request.set_access_token(access_token);
    v1::ValidateAccessTokenResponse response;
    return stub_->ValidateAccessToken(&context, request, &response);
  }
  grpc::Status Logout(const std::string& refresh_token) {
    grpc::ClientContext context;
    v1::RevokeSessionRequest request;
    request.set_refresh_token(refresh_token);
    v1::RevokeSessionResponse response;
    return stub_->RevokeSession(&context, request, &response);
  }
  grpc::Status RevokeById(const std::string& access_token, const std::string& session_id) {
    grpc::ClientContext context;
    Authorize(context, access_token);
    v1::RevokeSessionRequest request;
    request.set_session_id(session_id);
    v1::RevokeSessionResponse response;
    return stub_->RevokeSession(&context, request, &response);
  }
  // The ids of the caller's sessions, newest first, the current one marked "*".
  std::vector<std::string> List(const std::string& access_token) {
    grpc::ClientContext context;
    Authorize(context, access_token);
    v1::ListSessionsResponse response;
    grpc::Status status = stub_->ListSessions(&context, {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> ids;
    for (const v1::SessionInfo& s : response.sessions()) {
      ids.push_back(s.current() ? "*" + s.session_id() : s.session_id());
    }
    return ids;
  }
  int RevokeOthers(const std::string& access_token) {
    grpc::ClientContext context;
    Authorize(context, access_token);
    v1::RevokeOtherSessionsResponse response;
    grpc::Status status = stub_->RevokeOtherSessions(&context, {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return status.ok() ? response.revoked_count() : -1;
  }
  grpc::Status GetMe(const std::string& access_token, v1::User* user) {
    grpc::ClientContext context;
    Authorize(context, access_token);
    v1::GetMeResponse response;
    grpc::Status status = stub_->GetMe(&context, {}, &response);
    *user = response.user();
    return status;
  }

 private:
  static void Authorize(grpc::ClientContext& context, const std::string& access_token) {
    context.AddMetadata("authorization", "Bearer " + access_token);
  }

  std::unique_ptr<v1::AuthService::Stub> stub_;
};

// Expects `status` to be `code` with exactly `message`.
void ExpectStatus(const grpc::Status& status, grpc::StatusCode code, const std::string& message) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_EQ(status.error_message(), message);
}

class MultiDeviceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = storage::ConnectTestDatabase().release();
    unsigned char key[32];
    ASSERT_EQ(RAND_bytes(key, sizeof key), 1);
    key_file_ = new std::string(WritePrivateFile(
        "refresh-key", absl::string_view(reinterpret_cast<char*>(key), sizeof key)));
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster = TgauthCluster::Start(
        {.server_flags = {absl::StrCat("--refresh_token_key_file=", *key_file_),
                          "--login_confirmation=false"}});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = cluster->release();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    delete database_;
    if (key_file_ != nullptr) std::remove(key_file_->c_str());
    delete key_file_;
  }

  static v1::AwaitLoginResponse SignIn(const fixtures::TelegramUserFixture& user,
                                       const char* user_agent, TgauthCluster& cluster = *cluster_) {
    absl::StatusOr<v1::AwaitLoginResponse> signed_in = SignInWithQr(cluster, user, user_agent);
    EXPECT_TRUE(signed_in.ok()) << signed_in.status();
    return signed_in.ok() ? *signed_in : v1::AwaitLoginResponse();
  }

  static SessionRow Row(const std::string& session_id) {
    SessionRow row;
    absl::Status status = database_->Transact([&](pqxx::transaction_base& tx) {
      pqxx::row r = tx.exec_params1(
          "SELECT expires_at::text, coalesce(last_refreshed_at::text, ''),"
          " coalesce(revoked_at::text, ''), coalesce(revoke_reason, ''),"
          " (SELECT count(*) FROM refresh_tokens WHERE session_id = s.id),"
          " (SELECT count(*) FROM refresh_tokens WHERE session_id = s.id"
          "  AND rotated_at IS NOT NULL) FROM sessions s WHERE id = $1::uuid",
          session_id);
      row = {r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
             r[3].as<std::string>(), r[4].as<int64_t>(),     r[5].as<int64_t>()};
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return row;
  }

  static void Sql(const std::string& sql, const std::string& session_id) {
    absl::Status status = database_->Transact([&](pqxx::transaction_base& tx) {
      tx.exec_params0(sql, session_id);
      return absl::OkStatus();
    });
    ASSERT_TRUE(status.ok()) << status;
  }

  static int64_t SessionCount(const std::string& user_id) {
    int64_t count = -1;
    absl::Status status = database_->Transact([&](pqxx::transaction_base& tx) {
      count = tx.exec_params1("SELECT count(*) FROM sessions WHERE user_id = $1::uuid", user_id)[0]
                  .as<int64_t>();
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return count;
  }

  static bool SessionExists(const std::string& session_id) {
    bool exists = false;
    absl::Status status = database_->Transact([&](pqxx::transaction_base& tx) {
      exists = !tx.exec_params("SELECT 1 FROM sessions WHERE id = $1::uuid", session_id).empty();
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return exists;
  }

  Client client_{cluster_->grpc_port()};

  static storage::PostgresDatabase* database_;
  static TgauthCluster* cluster_;
  static std::string* key_file_;
};

storage::PostgresDatabase* MultiDeviceTest::database_ = nullptr;
TgauthCluster* MultiDeviceTest::cluster_ = nullptr;
std::string* MultiDeviceTest::key_file_ = nullptr;

// A new device adds a session; the others keep working.
TEST_F(MultiDeviceTest, SigningInOnAPcLeavesThePhoneSessionWorking) {
  const fixtures::TelegramUserFixture user = NewTelegramUser();
  const v1::Session phone = SignIn(user, kPhone).session();
  const v1::Session pc = SignIn(user, kPc).session();
  EXPECT_NE(pc.session_id(), phone.session_id());

  EXPECT_TRUE(client_.Validate(phone.access_token()).ok());
  EXPECT_THAT(client_.List(phone.access_token()),
              ElementsAre(pc.session_id(), "*" + phone.session_id()));
  v1::Session refreshed;
  grpc::Status status = client_.Refresh(phone.refresh_token(), &refreshed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(refreshed.session_id(), phone.session_id());
  EXPECT_TRUE(client_.Validate(refreshed.access_token()).ok());
  EXPECT_TRUE(client_.Validate(phone.access_token()).ok());  // Still within its 15 minutes.
  EXPECT_TRUE(client_.Validate(pc.access_token()).ok());
}

// A re-login that changes nothing writes nothing to the users table.
TEST_F(MultiDeviceTest, SigningInAgainWithAnUnchangedProfileWritesNoUserRowAndOneSession) {
  const fixtures::TelegramUserFixture user = NewTelegramUser();
  const v1::AwaitLoginResponse first = SignIn(user, kPhone);
  storage::PostgresUserStore users(*database_);
  absl::StatusOr<storage::UserRecord> before = users.FindById(first.user().id());
  ASSERT_TRUE(before.ok()) << before.status();
  const int64_t sessions_before = SessionCount(first.user().id());

  const v1::AwaitLoginResponse again = SignIn(user, kPc);
  EXPECT_EQ(again.user().id(), first.user().id());
  absl::StatusOr<storage::UserRecord> after = users.FindById(first.user().id());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->updated_at, before->updated_at);
  EXPECT_EQ(SessionCount(first.user().id()), sessions_before + 1);

  v1::User me;
  ASSERT_TRUE(client_.GetMe(again.session().access_token(), &me).ok());
  EXPECT_EQ(me.id(), first.user().id());
  EXPECT_EQ(me.telegram_id(), user.id);
  EXPECT_EQ(me.first_name(), "Ada");
}

TEST_F(MultiDeviceTest, LogoutOnThePcLeavesThePhoneSignedIn) {
  const fixtures::TelegramUserFixture user = NewTelegramUser();
  const v1::Session phone = SignIn(user, kPhone).session();
  const v1::Session pc = SignIn(user, kPc).session();

  ASSERT_TRUE(client_.Logout(pc.refresh_token()).ok());
  EXPECT_TRUE(client_.Logout(pc.refresh_token()).ok());  // Idempotent.
  ExpectStatus(client_.Refresh(pc.refresh_token()), grpc::StatusCode::UNAUTHENTICATED,
               "session revoked");
  ExpectStatus(client_.Validate(pc.access_token()), grpc::StatusCode::UNAUTHENTICATED,
               kRevokedSessionsToken);
  EXPECT_EQ(Row(pc.session_id()).revoke_reason, "logout");

  EXPECT_TRUE(client_.Validate(phone.access_token()).ok());
  EXPECT_TRUE(client_.Refresh(phone.refresh_token()).ok());
  EXPECT_THAT(client_.List(phone.access_token()), ElementsAre("*" + phone.session_id()));
}

TEST_F(MultiDeviceTest, RevokingOneOfMySessionsByIdNeedsItToBeMine) {
  const fixtures::TelegramUserFixture user = NewTelegramUser();
  const v1::Session phone = SignIn(user, kPhone).session();
  const v1::Session pc = SignIn(user, kPc).session();
  const v1::Session stranger = SignIn(NewTelegramUser(), kPc).session();

  ExpectStatus(client_.RevokeById(phone.access_token(), stranger.session_id()),
               grpc::StatusCode::NOT_FOUND, "no such session");
  EXPECT_TRUE(client_.Validate(stranger.access_token()).ok());
  ASSERT_TRUE(client_.RevokeById(phone.access_token(), pc.session_id()).ok());
  ExpectStatus(client_.Validate(pc.access_token()), grpc::StatusCode::UNAUTHENTICATED,
               kRevokedSessionsToken);
  EXPECT_THAT(client_.List(phone.access_token()), ElementsAre("*" + phone.session_id()));
}

TEST_F(MultiDeviceTest, LoggingOutOtherDevicesFromThePhoneEndsEverySessionButThePhones) {
  const fixtures::TelegramUserFixture user = NewTelegramUser();
  const v1::Session phone = SignIn(user, kPhone).session();
  const v1::Session pc = SignIn(user, kPc).session();
  const v1::Session tablet = SignIn(user, kTablet).session();
  const v1::Session stranger = SignIn(NewTelegramUser(), kPc).session();

  EXPECT_EQ(client_.RevokeOthers(phone.access_token()), 2);
  for (const v1::Session* ended : {&pc, &tablet}) {
    ExpectStatus(client_.Refresh(ended->refresh_token()), grpc::StatusCode::UNAUTHENTICATED,
                 "session revoked");
    ExpectStatus(client_.Validate(ended->access_token()), grpc::StatusCode::UNAUTHENTICATED,
                 kRevokedSessionsToken);
  }
  EXPECT_THAT(client_.List(phone.access_token()), ElementsAre("*" + phone.session_id()));
  EXPECT_TRUE(client_.Refresh(phone.refresh_token()).ok());
  EXPECT_TRUE(client_.Validate(stranger.access_token()).ok());
}

TEST_F(MultiDeviceTest, FiftyConcurrentRefreshesOfOneTokenRotateItOnceAndAllSucceed) {
  const v1::Session signed_in = SignIn(NewTelegramUser(), kPhone).session();
  constexpr int kThreads = 50;
  std::vector<grpc::Status> statuses(kThreads);
  std::vector<v1::Session> pairs(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back(
        [&, i] { statuses[i] = client_.Refresh(signed_in.refresh_token(), &pairs[i]); });
  }
  for (std::thread& t : threads) t.join();
  std::vector<std::string> refresh_tokens;
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << i << ": " << statuses[i].error_message();
    refresh_tokens.push_back(pairs[i].refresh_token());
  }
  EXPECT_THAT(refresh_tokens, Each(Eq(refresh_tokens[0])));
  const SessionRow row = Row(signed_in.session_id());
  EXPECT_EQ(row.refresh_tokens, 2);  // Exactly one rotation recorded.
  EXPECT_EQ(row.rotated, 1);

  // The session goes on: the new token rotates, the new access tokens work.
  EXPECT_TRUE(client_.Validate(pairs[kThreads - 1].access_token()).ok());
  v1::Session next;
  ASSERT_TRUE(client_.Refresh(refresh_tokens[0], &next).ok());
  EXPECT_NE(next.refresh_token(), refresh_tokens[0]);
  EXPECT_TRUE(client_.Validate(next.access_token()).ok());
}

TEST_F(MultiDeviceTest, ReplayWithinTheGraceWindowGetsTheCurrentPair) {
  const v1::Session signed_in = SignIn(NewTelegramUser(), kPhone).session();
  v1::Session first, replay;
  ASSERT_TRUE(client_.Refresh(signed_in.refresh_token(), &first).ok());
  ASSERT_TRUE(client_.Refresh(signed_in.refresh_token(), &replay).ok());
  EXPECT_EQ(replay.refresh_token(), first.refresh_token());
  EXPECT_EQ(Row(signed_in.session_id()).refresh_tokens, 2);
}

TEST_F(MultiDeviceTest, RefusedRefreshesSayWhyAndChangeNothing) {
  const fixtures::TelegramUserFixture user = NewTelegramUser();
  const v1::Session revoked = SignIn(user, kPhone).session();
  const v1::Session expired = SignIn(user, kPc).session();
  const v1::Session idle = SignIn(user, kTablet).session();
  ASSERT_TRUE(client_.Logout(revoked.refresh_token()).ok());
  Sql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1::uuid",
      expired.session_id());
  Sql("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'"
      " WHERE session_id = $1::uuid",
      idle.session_id());

  struct Case {
    const v1::Session* session;
    std::string message;
  };
  for (const Case& c : {Case{&revoked, "session revoked"}, Case{&expired, "session expired"},
                        Case{&idle, "refresh token expired"}}) {
    const SessionRow before = Row(c.session->session_id());
    ExpectStatus(client_.Refresh(c.session->refresh_token()), grpc::StatusCode::UNAUTHENTICATED,
                 c.message);
    EXPECT_EQ(Row(c.session->session_id()), before) << c.message;
  }
  ExpectStatus(client_.Refresh(*NewToken()), grpc::StatusCode::UNAUTHENTICATED,
               "unknown refresh token");
  const grpc::Status malformed = client_.Refresh("not-a-refresh-token");
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(malformed.error_message(), HasSubstr("refresh_token is malformed"));
  EXPECT_EQ(client_.Logout("not-a-refresh-token").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(client_.Logout(*NewToken()).ok());  // Unknown: RFC 7009 section 2.2.
}

TEST_F(MultiDeviceTest, CallsOnMySessionsNeedAValidAccessToken) {
  const v1::Session signed_in = SignIn(NewTelegramUser(), kPhone).session();
  v1::User me;
  EXPECT_EQ(client_.GetMe("", &me).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(client_.GetMe(signed_in.refresh_token(), &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(client_.Logout(signed_in.refresh_token()).ok());
  ExpectStatus(client_.GetMe(signed_in.access_token(), &me), grpc::StatusCode::UNAUTHENTICATED,
               kRevokedSessionsToken);
}

// A server with no grace window, so the test need not wait 10 s, and with
// cleanup every second. After the window a token whose answer may have
// been lost (the current token's predecessor, the current one unused) still
// gets the current pair; older ones are reuse.
TEST_F(MultiDeviceTest, RefreshWhoseAnswerWasLostIsRepeatedAfterTheGraceWindowNotRevoked) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> strict = TgauthCluster::Start(
      {.server_flags = {"--refresh_token_grace_period=0s", "--login_confirmation=false"}});
  ASSERT_TRUE(strict.ok()) << strict.status();
  Client client((*strict)->grpc_port());
  const v1::Session signed_in = SignIn(NewTelegramUser(), kPhone, **strict).session();
  v1::Session lost, retried;
  ASSERT_TRUE(client.Refresh(signed_in.refresh_token(), &lost).ok());
  absl::SleepFor(absl::Milliseconds(10));  // Past the (zero) grace window.

  ASSERT_TRUE(client.Refresh(signed_in.refresh_token(), &retried).ok());
  EXPECT_EQ(retried.refresh_token(), lost.refresh_token());
  EXPECT_EQ(Row(signed_in.session_id()).revoke_reason, "");
  EXPECT_EQ(Row(signed_in.session_id()).refresh_tokens, 2);
  ASSERT_TRUE(client.Refresh(retried.refresh_token()).ok());
}

TEST_F(MultiDeviceTest, ReuseAfterTheGraceWindowRevokesTheSessionAndCleanupDeletesItLater) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> strict = TgauthCluster::Start(
      {.server_flags = {"--refresh_token_grace_period=0s", "--session_cleanup_interval=1s",
                        "--login_confirmation=false"}});
  ASSERT_TRUE(strict.ok()) << strict.status();
  Client client((*strict)->grpc_port());
  const v1::Session signed_in = SignIn(NewTelegramUser(), kPhone, **strict).session();
  v1::Session next, current;
  ASSERT_TRUE(client.Refresh(signed_in.refresh_token(), &next).ok());
  ASSERT_TRUE(client.Refresh(next.refresh_token(), &current).ok());

  ExpectStatus(client.Refresh(signed_in.refresh_token()), grpc::StatusCode::UNAUTHENTICATED,
               "refresh token reuse detected; the session has been revoked");
  ExpectStatus(client.Refresh(current.refresh_token()), grpc::StatusCode::UNAUTHENTICATED,
               "session revoked");
  ExpectStatus(client.Validate(current.access_token()), grpc::StatusCode::UNAUTHENTICATED,
               kRevokedSessionsToken);
  EXPECT_EQ(Row(signed_in.session_id()).revoke_reason, "refresh_token_reuse");

  // Once the revocation is older than the retention period (7 days),
  // cleanup deletes the session at its next pass.
  Sql("UPDATE sessions SET revoked_at = revoked_at - interval '8 days' WHERE id = $1::uuid",
      signed_in.session_id());
  const absl::Time give_up = absl::Now() + absl::Seconds(15);
  while (SessionExists(signed_in.session_id()) && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));  // Another process's timer: nothing to wait on.
  }
  EXPECT_FALSE(SessionExists(signed_in.session_id()));
}

}  // namespace
}  // namespace tgauth::e2e
