// The deployment AdminService's end-to-end suites drive: a TgauthCluster
// with two operators (alice, from an operator credentials file holding only
// her token's SHA-256, and "admin", from --admin_token_file), the Login
// Widget and Mini App on, and helpers to sign users in and call the API.
#ifndef TGAUTH_TESTS_E2E_ADMIN_HARNESS_H_
#define TGAUTH_TESTS_E2E_ADMIN_HARNESS_H_

#include <google/protobuf/struct.pb.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::e2e {

inline constexpr char kAliceToken[] = "alice-operator-token-0123456789abcdef0123";
inline constexpr char kLegacyAdminToken[] = "legacy-admin-token-0123456789abcdef01234";

class AdminHarness : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A call context with a 10 s deadline presenting `token` as
  // "authorization: Bearer <token>" (none when empty).
  static std::unique_ptr<grpc::ClientContext> As(absl::string_view token);

  // Signs `user` in with the Login Widget; the gRPC status and response.
  grpc::Status SignInWithWidget(const fixtures::TelegramUserFixture& user,
                                v1::SignInResponse* response);
  grpc::Status SignInWithMiniApp(const fixtures::TelegramUserFixture& user,
                                 v1::SignInResponse* response);
  // Whether ValidateAccessToken accepts `access_token` now.
  bool Validates(const std::string& access_token);
  // Sends `text` to the bot as `user`; the webhook's JSON reply.
  google::protobuf::Struct SendText(const fixtures::TelegramUserFixture& user,
                                    absl::string_view text);
  // The server's log file as it is now.
  std::string ServerLog() const;
  // GetUser by id, as alice; fails the test on an error.
  v1::AdminUser GetUser(const std::string& user_id);

  std::unique_ptr<TgauthCluster> cluster_;
  std::unique_ptr<v1::AuthService::Stub> auth_;
  std::unique_ptr<v1::AdminService::Stub> admin_;

 private:
  std::string operators_file_;
  std::string admin_token_file_;
};

// The "text" field of a bot reply; "" if it has none.
std::string ReplyText(const google::protobuf::Struct& reply);

}  // namespace tgauth::e2e

#endif  // TGAUTH_TESTS_E2E_ADMIN_HARNESS_H_
