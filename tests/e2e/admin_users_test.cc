// What operators do to users end to end, on real PostgreSQL and Redis over
// a real gRPC socket: find, list, block (no sign-in method admits the user,
// their sessions stop validating within a second), erase (no personal data
// left in any table or in Redis), export, sessions, logins, invite codes.
#include <google/protobuf/util/json_util.h>

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/bot/telegram_bot.h"
#include "storage/redis/redis_client.h"
#include "tests/e2e/admin_harness.h"
#include "tests/storage/test_env.h"

namespace tgauth::e2e {
namespace {

using fixtures::TelegramUserFixture;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TelegramUserFixture NewUser() {
  static absl::BitGen random;
  TelegramUserFixture user;
  user.id = absl::Uniform<int64_t>(random, 1'000'000'000, 8'000'000'000);
  user.username = absl::StrCat("ada_", user.id);
  return user;
}

class AdminUsersTest : public AdminHarness {
 protected:
  v1::SignInResponse SignIn(const TelegramUserFixture& user) {
    v1::SignInResponse signed_in;
    grpc::Status status = SignInWithWidget(user, &signed_in);
    EXPECT_TRUE(status.ok()) << status.error_message();
    cluster_->log_audit().Record(signed_in.session().refresh_token());
    return signed_in;
  }

  v1::AdminUser Block(const std::string& user_id) {
    v1::BlockUserRequest request;
    request.set_user_id(user_id);
    request.set_reason("chargeback fraud");
    v1::AdminUser blocked;
    grpc::Status status = admin_->BlockUser(As(kAliceToken).get(), request, &blocked);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return blocked;
  }

  // Whether `access_token` stops validating within `limit`.
  bool StopsValidatingWithin(const std::string& access_token, absl::Duration limit) {
    const absl::Time deadline = absl::Now() + limit;
    while (absl::Now() < deadline) {
      if (!Validates(access_token)) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return !Validates(access_token);
  }
};

TEST_F(AdminUsersTest, GetUserFindsByIdTelegramIdAndUsername) {
  const TelegramUserFixture ada = NewUser();
  const v1::SignInResponse signed_in = SignIn(ada);
  v1::GetUserRequest by_telegram_id;
  by_telegram_id.set_telegram_id(ada.id);
  v1::GetUserRequest by_username;
  by_username.set_username(absl::StrCat("@", absl::AsciiStrToUpper(ada.username)));
  for (const v1::GetUserRequest& request : {by_telegram_id, by_username}) {
    v1::AdminUser found;
    grpc::Status status = admin_->GetUser(As(kAliceToken).get(), request, &found);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(found.user().id(), signed_in.user().id());
    EXPECT_EQ(found.user().username(), ada.username);
    EXPECT_FALSE(found.has_blocked_at());
  }
}

TEST_F(AdminUsersTest, ListUsersPagesThroughBlockedUsers) {
  std::vector<std::string> blocked;
  for (int i = 0; i < 3; ++i) blocked.push_back(Block(SignIn(NewUser()).user().id()).user().id());
  SignIn(NewUser());  // Not blocked: filtered out.

  v1::ListUsersRequest request;
  request.set_page_size(2);
  request.set_blocked(v1::ListUsersRequest::BLOCKED_ONLY);
  std::vector<std::string> seen;
  do {
    v1::ListUsersResponse page;
    grpc::Status status = admin_->ListUsers(As(kAliceToken).get(), request, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(page.users_size(), 2);
    for (const v1::AdminUser& user : page.users()) {
      EXPECT_TRUE(user.has_blocked_at());
      seen.push_back(user.user().id());
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  // Newest first; other suites' blocked users may come along.
  for (const std::string& id : blocked) EXPECT_THAT(seen, ::testing::Contains(id));
}

TEST_F(AdminUsersTest, BlockedUserCannotSignInByAnyMethodAndTheirSessionsEnd) {
  const TelegramUserFixture ada = NewUser();
  const v1::SignInResponse first = SignIn(ada);
  const v1::SignInResponse second = SignIn(ada);
  ASSERT_TRUE(Validates(first.session().access_token()));

  v1::AdminUser blocked = Block(first.user().id());
  EXPECT_TRUE(blocked.has_blocked_at());
  EXPECT_EQ(blocked.blocked_reason(), "chargeback fraud");
  EXPECT_TRUE(StopsValidatingWithin(first.session().access_token(), absl::Seconds(1)));
  EXPECT_TRUE(StopsValidatingWithin(second.session().access_token(), absl::Seconds(1)));

  // The API: the widget and the Mini App.
  v1::SignInResponse refused;
  grpc::Status widget = SignInWithWidget(ada, &refused);
  EXPECT_EQ(widget.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(widget.error_message(), HasSubstr("blocked"));
  EXPECT_EQ(SignInWithMiniApp(ada, &refused).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // The bot: a QR login's START, a login link, an invite code.
  v1::CreateLoginRequest create;
  v1::CreateLoginResponse login;
  ASSERT_TRUE(auth_->CreateLogin(As("").get(), create, &login).ok());
  cluster_->log_audit().Record(login.login_token());
  cluster_->log_audit().Record(login.poll_token());
  for (const std::string& text : {absl::StrCat("/start ", login.login_token()),
                                 std::string("/start web_auth"), std::string("/login K7MD2QX9")}) {
    EXPECT_THAT(ReplyText(SendText(ada, text)), HasSubstr("Your account is blocked")) << text;
  }
  v1::AwaitLoginRequest poll;
  poll.set_login_token(login.login_token());
  poll.set_poll_token(login.poll_token());
  v1::AwaitLoginResponse state;
  ASSERT_TRUE(auth_->AwaitLogin(As("").get(), poll, &state).ok());
  EXPECT_EQ(state.state(), v1::LOGIN_STATE_PENDING);  // Never scanned.

  v1::UnblockUserRequest unblock;
  unblock.set_user_id(first.user().id());
  v1::AdminUser unblocked;
  ASSERT_TRUE(admin_->UnblockUser(As(kLegacyAdminToken).get(), unblock, &unblocked).ok());
  EXPECT_FALSE(unblocked.has_blocked_at());
  EXPECT_EQ(SignIn(ada).user().id(), first.user().id());
}

// Every string in `reply`, nested arrays included, each followed by '\n'.
void AppendStrings(const redisReply& reply, std::string& out) {
  if (reply.type == REDIS_REPLY_ARRAY) {
    for (size_t i = 0; i < reply.elements; ++i) AppendStrings(*reply.element[i], out);
  } else {
    absl::StrAppend(&out, storage::RedisReply::StrOf(&reply), "\n");
  }
}

// The value at `key` as plain text, read by its type (DUMP would not do:
// Redis compresses what it dumps).
std::string RedisValueText(storage::RedisClient& redis, const std::string& key) {
  absl::StatusOr<storage::RedisReply> type =
      redis.Command({"TYPE", key}, storage::RedisResend::kAllowed);
  if (!type.ok()) return "";
  const absl::flat_hash_map<std::string, std::vector<std::string>> reads = {
      {"string", {"GET", key}},          {"hash", {"HGETALL", key}},
      {"list", {"LRANGE", key, "0", "-1"}}, {"set", {"SMEMBERS", key}},
      {"zset", {"ZRANGE", key, "0", "-1"}}, {"stream", {"XRANGE", key, "-", "+"}}};
  const auto read = reads.find(std::string(type->str()));
  if (read == reads.end()) return "";
  std::vector<absl::string_view> command(read->second.begin(), read->second.end());
  absl::StatusOr<storage::RedisReply> value =
      redis.Command(command, storage::RedisResend::kAllowed);
  std::string text;
  if (value.ok()) AppendStrings(value->raw(), text);
  return text;
}

TEST_F(AdminUsersTest, DeleteUserLeavesNoPersonalDataInAnyTableOrInRedis) {
  // Event ids start again from 1 whenever another suite resets the test
  // database's outbox, and Redis refuses stream ids at or below the
  // stream's last one: this test's events reach a fresh stream.
  std::unique_ptr<storage::RedisClient> redis = storage::ConnectTestRedis(1);
  ASSERT_NE(redis, nullptr);
  ASSERT_TRUE(redis->Command({"DEL", "tgauth:events"}, storage::RedisResend::kAllowed).ok());
  const TelegramUserFixture ada = NewUser();
  const v1::SignInResponse signed_in = SignIn(ada);
  v1::SignInResponse mini_app;
  ASSERT_TRUE(SignInWithMiniApp(ada, &mini_app).ok());

  v1::DeleteUserRequest request;
  request.set_user_id(signed_in.user().id());
  v1::DeleteUserResponse deleted;
  grpc::Status status = admin_->DeleteUser(As(kAliceToken).get(), request, &deleted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(deleted.revoked_sessions(), 2);
  EXPECT_TRUE(StopsValidatingWithin(signed_in.session().access_token(), absl::Seconds(1)));

  // Every row of every table, as text: none holds the Telegram id, the
  // username or the device name.
  absl::StatusOr<std::unique_ptr<storage::PostgresDatabase>> db =
      storage::PostgresDatabase::Connect(storage::TestDatabaseUrl(), 1);
  ASSERT_TRUE(db.ok()) << db.status();
  std::vector<std::string> rows;
  ASSERT_TRUE((*db)->Read([&](pqxx::transaction_base& tx) {
                  for (const pqxx::row& table : tx.exec(
                           "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                    for (const pqxx::row& row :
                         tx.exec(absl::StrCat("SELECT t::text FROM ", table[0].c_str(), " t"))) {
                      rows.push_back(row[0].c_str());
                    }
                  }
                  return absl::OkStatus();
                }).ok());
  ASSERT_FALSE(rows.empty());
  for (const std::string& row : rows) {
    EXPECT_FALSE(absl::StrContains(row, absl::StrCat(ada.id))) << row;
    EXPECT_FALSE(absl::StrContains(row, ada.username)) << row;
    // Other tests' users share the database and the device name: only
    // this user's rows must have lost it.
    EXPECT_FALSE(absl::StrContains(row, signed_in.user().id()) &&
                 absl::StrContains(row, "Ada's laptop"))
        << row;
  }
  // Redis: no key or value holds the Telegram id or the username, once the
  // relay has appended user.deleted to the event stream (which erases the
  // user's earlier entries there).
  const auto stream_has_user_deleted = [&] {
    return absl::StrContains(RedisValueText(*redis, "tgauth:events"),
                             absl::StrCat("user.deleted\nuser_id\n", signed_in.user().id()));
  };
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (!stream_has_user_deleted() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_TRUE(stream_has_user_deleted());
  absl::StatusOr<storage::RedisReply> keys =
      redis->Command({"KEYS", "*"}, storage::RedisResend::kAllowed);
  ASSERT_TRUE(keys.ok()) << keys.status();
  for (size_t i = 0; i < keys->size(); ++i) {
    const std::string key(storage::RedisReply::StrOf(&keys->element(i)));
    EXPECT_FALSE(absl::StrContains(key, absl::StrCat(ada.id))) << key;
    EXPECT_FALSE(absl::StrContains(RedisValueText(*redis, key), ada.username)) << key;
  }

  // The account may sign up again, as a new user.
  EXPECT_NE(SignIn(ada).user().id(), signed_in.user().id());
  v1::GetUserRequest old;
  old.set_user_id(signed_in.user().id());
  v1::AdminUser gone;
  EXPECT_EQ(admin_->GetUser(As(kAliceToken).get(), old, &gone).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AdminUsersTest, ExportUserIsJsonOfEverythingHeld) {
  const TelegramUserFixture ada = NewUser();
  const v1::SignInResponse signed_in = SignIn(ada);
  v1::ExportUserRequest request;
  request.set_user_id(signed_in.user().id());
  v1::ExportUserResponse exported;
  grpc::Status status = admin_->ExportUser(As(kAliceToken).get(), request, &exported);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::UserDataExport parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(exported.json(), &parsed).ok())
      << exported.json();
  EXPECT_EQ(parsed.user().user().telegram_id(), ada.id);
  EXPECT_EQ(parsed.user().user().username(), ada.username);
  ASSERT_THAT(parsed.sessions(), SizeIs(1));
  EXPECT_EQ(parsed.sessions(0).session().session_id(), signed_in.session().session_id());
  EXPECT_EQ(parsed.sessions(0).session().device().name(), "Ada's laptop");
  EXPECT_TRUE(parsed.sessions(0).active());
  EXPECT_THAT(exported.json(), HasSubstr("\"telegramId\""));
  EXPECT_THAT(exported.json(), ::testing::Not(HasSubstr(signed_in.session().refresh_token())));
}

TEST_F(AdminUsersTest, OperatorListsAndRevokesSessions) {
  const TelegramUserFixture ada = NewUser();
  const v1::SignInResponse a = SignIn(ada);
  const v1::SignInResponse b = SignIn(ada);
  const v1::SignInResponse c = SignIn(ada);

  v1::ListUserSessionsRequest list;
  list.set_user_id(a.user().id());
  v1::ListUserSessionsResponse listed;
  ASSERT_TRUE(admin_->ListUserSessions(As(kAliceToken).get(), list, &listed).ok());
  ASSERT_THAT(listed.sessions(), SizeIs(3));
  EXPECT_EQ(listed.sessions(0).session().session_id(), c.session().session_id());  // Newest.

  v1::RevokeUserSessionRequest revoke;
  revoke.set_user_id(a.user().id());
  revoke.set_session_id(a.session().session_id());
  v1::RevokeUserSessionResponse revoked;
  ASSERT_TRUE(admin_->RevokeUserSession(As(kAliceToken).get(), revoke, &revoked).ok());
  EXPECT_TRUE(revoked.revoked());
  EXPECT_TRUE(StopsValidatingWithin(a.session().access_token(), absl::Seconds(1)));
  EXPECT_TRUE(Validates(b.session().access_token()));
  // Another user's session is not this user's.
  const v1::SignInResponse other = SignIn(NewUser());
  revoke.set_session_id(other.session().session_id());
  EXPECT_EQ(admin_->RevokeUserSession(As(kAliceToken).get(), revoke, &revoked).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::RevokeAllUserSessionsRequest revoke_all;
  revoke_all.set_user_id(a.user().id());
  v1::RevokeAllUserSessionsResponse all;
  ASSERT_TRUE(admin_->RevokeAllUserSessions(As(kAliceToken).get(), revoke_all, &all).ok());
  EXPECT_EQ(all.revoked_count(), 2);
  EXPECT_TRUE(StopsValidatingWithin(c.session().access_token(), absl::Seconds(1)));
  ASSERT_TRUE(admin_->ListUserSessions(As(kAliceToken).get(), list, &listed).ok());
  for (const v1::AdminSessionInfo& session : listed.sessions()) {
    EXPECT_FALSE(session.active());
    EXPECT_EQ(session.revoke_reason(), "admin");
  }
}

TEST_F(AdminUsersTest, GetPendingLoginShowsStateDeviceAndExpiryButNoToken) {
  v1::CreateLoginRequest create;
  create.mutable_device()->set_name("Kiosk 3");
  v1::CreateLoginResponse login;
  ASSERT_TRUE(auth_->CreateLogin(As("").get(), create, &login).ok());
  cluster_->log_audit().Record(login.login_token());
  cluster_->log_audit().Record(login.poll_token());

  v1::GetPendingLoginRequest request;
  request.set_login_token(login.login_token());
  v1::PendingLoginInfo info;
  grpc::Status status = admin_->GetPendingLogin(As(kAliceToken).get(), request, &info);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(info.state(), v1::LOGIN_STATE_PENDING);
  EXPECT_EQ(info.device().name(), "Kiosk 3");
  EXPECT_EQ(info.expires_at().seconds(), login.expires_at().seconds());
  const std::string wire = info.SerializeAsString();
  EXPECT_FALSE(absl::StrContains(wire, login.login_token()));
  EXPECT_FALSE(absl::StrContains(wire, login.poll_token()));
}

TEST_F(AdminUsersTest, DisabledInviteCodeIsRefusedInTheBot) {
  v1::CreateInviteCodeRequest create;
  create.set_subscription_tier("Gold");
  create.set_max_uses(10);
  v1::InviteCode code;
  ASSERT_TRUE(admin_->CreateInviteCode(As(kAliceToken).get(), create, &code).ok());
  cluster_->log_audit().Record(code.code());
  ASSERT_FALSE(code.id().empty());

  v1::DisableInviteCodeRequest disable;
  disable.set_id(code.id());
  v1::InviteCode disabled;
  ASSERT_TRUE(admin_->DisableInviteCode(As(kAliceToken).get(), disable, &disabled).ok());
  EXPECT_TRUE(disabled.has_disabled_at());
  EXPECT_EQ(disabled.id(), code.id());
  EXPECT_THAT(ReplyText(SendText(NewUser(), absl::StrCat("/login ", code.code()))),
              HasSubstr("does not exist"));
  EXPECT_THAT(ServerLog(), HasSubstr(R"("operator":"alice")"));
}

}  // namespace
}  // namespace tgauth::e2e
