// AdminService end to end on real PostgreSQL and Redis over a real gRPC
// socket: every RPC refuses a missing or wrong operator credential, and
// bad arguments, each with its precise status, and names the operator who
// called in the access log.
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/admin_harness.h"

namespace tgauth::e2e {
namespace {

using ::testing::HasSubstr;

using Call = std::function<grpc::Status(v1::AdminService::Stub&, grpc::ClientContext*)>;

// Calls `method` with `request` and a response of its type.
template <typename Request, typename Response>
Call Rpc(grpc::Status (v1::AdminService::Stub::*method)(grpc::ClientContext*, const Request&,
                                                         Response*),
         Request request = {}) {
  return [method, request](v1::AdminService::Stub& stub, grpc::ClientContext* context) {
    Response response;
    return (stub.*method)(context, request, &response);
  };
}

using Stub = v1::AdminService::Stub;

// Every AdminService RPC but the dead-letter ones, with a request that
// would be valid.
std::vector<std::pair<std::string, Call>> EveryRpc() {
  const std::string user = "00000000-0000-4000-8000-000000000000";
  v1::GetUserRequest get;
  get.set_user_id(user);
  v1::BlockUserRequest block;
  block.set_user_id(user);
  v1::UnblockUserRequest unblock;
  unblock.set_user_id(user);
  v1::DeleteUserRequest erase;
  erase.set_user_id(user);
  v1::ExportUserRequest exported;
  exported.set_user_id(user);
  v1::ListUserSessionsRequest sessions;
  sessions.set_user_id(user);
  v1::RevokeUserSessionRequest revoke;
  revoke.set_user_id(user);
  revoke.set_session_id(user);
  v1::RevokeAllUserSessionsRequest revoke_all;
  revoke_all.set_user_id(user);
  v1::GetPendingLoginRequest login;
  login.set_login_token(std::string(43, 'A'));
  v1::DisableInviteCodeRequest disable;
  disable.set_id("1");
  v1::CreateInviteCodeRequest create;
  create.set_subscription_tier("Gold");
  create.set_max_uses(1);
  return {{"CreateInviteCode", Rpc(&Stub::CreateInviteCode, create)},
          {"ListInviteCodes", Rpc(&Stub::ListInviteCodes)},
          {"DisableInviteCode", Rpc(&Stub::DisableInviteCode, disable)},
          {"GetUser", Rpc(&Stub::GetUser, get)},
          {"ListUsers", Rpc(&Stub::ListUsers)},
          {"BlockUser", Rpc(&Stub::BlockUser, block)},
          {"UnblockUser", Rpc(&Stub::UnblockUser, unblock)},
          {"DeleteUser", Rpc(&Stub::DeleteUser, erase)},
          {"ExportUser", Rpc(&Stub::ExportUser, exported)},
          {"ListUserSessions", Rpc(&Stub::ListUserSessions, sessions)},
          {"RevokeUserSession", Rpc(&Stub::RevokeUserSession, revoke)},
          {"RevokeAllUserSessions", Rpc(&Stub::RevokeAllUserSessions, revoke_all)},
          {"GetPendingLogin", Rpc(&Stub::GetPendingLogin, login)}};
}

class AdminApiAuthTest : public AdminHarness {};

TEST_F(AdminApiAuthTest, EveryRpcRefusesAMissingOrWrongCredential) {
  for (const auto& [name, call] : EveryRpc()) {
    grpc::Status missing = call(*admin_, As("").get());
    EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED) << name;
    grpc::Status wrong = call(*admin_, As("wrong-operator-token-0123456789abcdef01").get());
    EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED) << name;
    // Alice's hash itself is no credential.
    grpc::Status hash = call(*admin_, As(Sha256Hex(kAliceToken)).get());
    EXPECT_EQ(hash.error_code(), grpc::StatusCode::UNAUTHENTICATED) << name;
    auto basic = As("");
    basic->AddMetadata("authorization", absl::StrCat("Basic ", kAliceToken));
    EXPECT_EQ(call(*admin_, basic.get()).error_code(), grpc::StatusCode::UNAUTHENTICATED) << name;
  }
}

TEST_F(AdminApiAuthTest, EachOperatorIsAcceptedAndNamedInTheAccessLog) {
  for (const char* token : {kAliceToken, kLegacyAdminToken}) {
    v1::ListUsersResponse listed;
    grpc::Status status = admin_->ListUsers(As(token).get(), {}, &listed);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  const std::string log = ServerLog();
  EXPECT_THAT(log, HasSubstr(R"("grpc_method":"/tgauth.v1.AdminService/ListUsers")"));
  EXPECT_THAT(log, HasSubstr(R"("operator":"alice")"));
  EXPECT_THAT(log, HasSubstr(R"("operator":"admin")"));
}

TEST_F(AdminApiAuthTest, BadArgumentsAreInvalidArgument) {
  auto with_user = [](auto request, const std::string& id) {
    request.set_user_id(id);
    return request;
  };
  v1::GetUserRequest no_key;
  v1::GetUserRequest bad_telegram_id;
  bad_telegram_id.set_telegram_id(-5);
  v1::GetUserRequest bad_username;
  bad_username.set_username("no spaces allowed");
  v1::ListUsersRequest negative_page;
  negative_page.set_page_size(-1);
  v1::ListUsersRequest huge_page;
  huge_page.set_page_size(1001);
  v1::ListUsersRequest forged_token;
  forged_token.set_page_token("not-a-page-token");
  v1::ListUsersRequest inverted_range;
  inverted_range.mutable_created_after()->set_seconds(2'000'000'000);
  inverted_range.mutable_created_before()->set_seconds(1'000'000'000);
  v1::ListUsersRequest unknown_blocked;
  unknown_blocked.set_blocked(static_cast<v1::ListUsersRequest::Blocked>(7));
  v1::BlockUserRequest long_reason = with_user(v1::BlockUserRequest(),
                                               "00000000-0000-4000-8000-000000000000");
  long_reason.set_reason(std::string(257, 'x'));
  v1::RevokeUserSessionRequest bad_session =
      with_user(v1::RevokeUserSessionRequest(), "00000000-0000-4000-8000-000000000000");
  bad_session.set_session_id("42");
  v1::GetPendingLoginRequest bad_login;
  bad_login.set_login_token("short");
  v1::DisableInviteCodeRequest bad_code;
  bad_code.set_id("K7MD2QX9");

  const std::vector<std::pair<std::string, Call>> cases = {
      {"GetUser without a key", Rpc(&Stub::GetUser, no_key)},
      {"GetUser with a bad id", Rpc(&Stub::GetUser, with_user(v1::GetUserRequest(), "x"))},
      {"GetUser with a negative Telegram id", Rpc(&Stub::GetUser, bad_telegram_id)},
      {"GetUser with a bad username", Rpc(&Stub::GetUser, bad_username)},
      {"ListUsers with a negative page size", Rpc(&Stub::ListUsers, negative_page)},
      {"ListUsers with a huge page size", Rpc(&Stub::ListUsers, huge_page)},
      {"ListUsers with a forged page token", Rpc(&Stub::ListUsers, forged_token)},
      {"ListUsers with an inverted range", Rpc(&Stub::ListUsers, inverted_range)},
      {"ListUsers with an unknown blocked filter", Rpc(&Stub::ListUsers, unknown_blocked)},
      {"BlockUser with a bad id", Rpc(&Stub::BlockUser, with_user(v1::BlockUserRequest(), ""))},
      {"BlockUser with a long reason", Rpc(&Stub::BlockUser, long_reason)},
      {"UnblockUser with a bad id",
       Rpc(&Stub::UnblockUser, with_user(v1::UnblockUserRequest(), "1"))},
      {"DeleteUser with a bad id", Rpc(&Stub::DeleteUser, with_user(v1::DeleteUserRequest(), ""))},
      {"ExportUser with a bad id", Rpc(&Stub::ExportUser, with_user(v1::ExportUserRequest(), ""))},
      {"ListUserSessions with a bad id",
       Rpc(&Stub::ListUserSessions, with_user(v1::ListUserSessionsRequest(), "x"))},
      {"RevokeUserSession with a bad session id", Rpc(&Stub::RevokeUserSession, bad_session)},
      {"RevokeAllUserSessions with a bad id",
       Rpc(&Stub::RevokeAllUserSessions, with_user(v1::RevokeAllUserSessionsRequest(), "x"))},
      {"GetPendingLogin with a malformed token", Rpc(&Stub::GetPendingLogin, bad_login)},
      {"DisableInviteCode with a code instead of an id", Rpc(&Stub::DisableInviteCode, bad_code)},
  };
  for (const auto& [name, call] : cases) {
    EXPECT_EQ(call(*admin_, As(kAliceToken).get()).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT)
        << name;
  }
}

TEST_F(AdminApiAuthTest, UnknownUsersSessionsLoginsAndCodesAreNotFound) {
  for (const auto& [name, call] : EveryRpc()) {
    if (name == "CreateInviteCode" || name == "ListInviteCodes" || name == "ListUsers") continue;
    EXPECT_EQ(call(*admin_, As(kAliceToken).get()).error_code(), grpc::StatusCode::NOT_FOUND)
        << name;
  }
}

}  // namespace
}  // namespace tgauth::e2e
