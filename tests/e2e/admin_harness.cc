#include "tests/e2e/admin_harness.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/secure_token.h"
#include "tests/e2e/private_file.h"
#include "tests/server/signin/telegram_test_signing.h"

namespace tgauth::e2e {
namespace {

// A signing time each call gets once: the server refuses signed sign-in
// data it has seen (a replay), and two sign-ins of one user within a second
// would otherwise sign the same fields. A second earlier each time, well
// within --sign_in_max_age.
// A recent auth_date no earlier call returned: the server refuses signed
// data it has seen before (a replay), so two sign-ins of one user must not
// sign the same fields. Counting back from the clock (now - n) repeated a
// value whenever calls were exactly one second apart.
std::string FreshAuthDate() {
  static std::atomic<int64_t> last = std::numeric_limits<int64_t>::max();
  int64_t previous = last.load();
  int64_t next;
  do {
    next = std::min(absl::ToUnixSeconds(absl::Now()), previous - 1);
  } while (!last.compare_exchange_weak(previous, next));
  return absl::StrCat(next);
}

}  // namespace

void AdminHarness::SetUp() {
  // As scripts/add-operator writes it: the server never sees alice's token.
  operators_file_ = WritePrivateFile(
      "operators", absl::StrCat("# operators\nalice:", Sha256Hex(kAliceToken), "\n"));
  admin_token_file_ = WritePrivateFile("admin-token", kLegacyAdminToken);
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster = TgauthCluster::Start(
      {.server_flags = {absl::StrCat("--bot_token=", testing::kTestBotToken),
                        absl::StrCat("--operator_credentials_file=", operators_file_),
                        absl::StrCat("--admin_token_file=", admin_token_file_)}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  cluster_ = *std::move(cluster);
  cluster_->log_audit().Record(kAliceToken);
  cluster_->log_audit().Record(kLegacyAdminToken);
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", cluster_->grpc_port()),
                                     cluster_->GrpcCredentials());
  auth_ = v1::AuthService::NewStub(channel);
  admin_ = v1::AdminService::NewStub(channel);
}

void AdminHarness::TearDown() {
  cluster_.reset();
  std::remove(operators_file_.c_str());
  std::remove(admin_token_file_.c_str());
}

std::unique_ptr<grpc::ClientContext> AdminHarness::As(absl::string_view token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!token.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  return context;
}

grpc::Status AdminHarness::SignInWithWidget(const fixtures::TelegramUserFixture& user,
                                            v1::SignInResponse* response) {
  v1::SignInWithWidgetRequest request;
  for (const auto& [name, value] :
       testing::SignWidget({{"id", absl::StrCat(user.id)},
                            {"first_name", user.first_name},
                            {"username", user.username},
                            {"auth_date", FreshAuthDate()}},
                           testing::kTestBotToken)) {
    (*request.mutable_fields())[name] = value;
  }
  request.mutable_device()->set_name("Ada's laptop");
  return auth_->SignInWithWidget(As("").get(), request, response);
}

grpc::Status AdminHarness::SignInWithMiniApp(const fixtures::TelegramUserFixture& user,
                                             v1::SignInResponse* response) {
  v1::SignInWithMiniAppRequest request;
  request.set_init_data(
      testing::SignMiniAppHmac({{"user", testing::WebAppUserJson(user.id, user.first_name)},
                                {"auth_date", FreshAuthDate()}},
                               testing::kTestBotToken));
  return auth_->SignInWithMiniApp(As("").get(), request, response);
}

bool AdminHarness::Validates(const std::string& access_token) {
  v1::ValidateAccessTokenRequest request;
  request.set_access_token(access_token);
  v1::ValidateAccessTokenResponse claims;
  return auth_->ValidateAccessToken(As("").get(), request, &claims).ok();
}

google::protobuf::Struct AdminHarness::SendText(const fixtures::TelegramUserFixture& user,
                                                absl::string_view text) {
  static int64_t update_id = absl::ToUnixMillis(absl::Now());
  absl::StatusOr<fixtures::HttpReply> reply = cluster_->SendUpdate(
      fixtures::TextMessageUpdateJson(user, {.update_id = ++update_id}, text));
  google::protobuf::Struct parsed;
  EXPECT_TRUE(reply.ok() && reply->status == 200) << (reply.ok() ? reply->body : "");
  if (reply.ok() && !reply->body.empty()) {
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(reply->body, &parsed).ok());
  }
  return parsed;
}

std::string AdminHarness::ServerLog() const {
  std::ifstream file(cluster_->server_log());
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

v1::AdminUser AdminHarness::GetUser(const std::string& user_id) {
  v1::GetUserRequest request;
  request.set_user_id(user_id);
  v1::AdminUser user;
  grpc::Status status = admin_->GetUser(As(kAliceToken).get(), request, &user);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return user;
}

std::string ReplyText(const google::protobuf::Struct& reply) {
  auto it = reply.fields().find("text");
  return it == reply.fields().end() ? "" : it->second.string_value();
}

}  // namespace tgauth::e2e
