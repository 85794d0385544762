// Every log line of a cluster that went through all of tgauth's flows —
// QR login with the webhook, refresh (also a replayed one), logout, Login
// Widget and Mini App sign-ins, refused credentials, admin calls, Bot API
// calls that fail — is one JSON object and holds none of the secrets the
// flows used (log_audit.h). Every other end-to-end test's cluster is
// audited the same way when it stops; this one makes sure each kind of
// secret was seen, so the search cannot pass by missing one.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/private_file.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/fake_bot_api.h"
#include "tests/server/signin/telegram_test_signing.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::e2e {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;
using testing::kTestBotToken;

constexpr char kAdminToken[] = "e2e-logs-admin-token-0123456789abcdef012345";
constexpr char kBotSecret[] = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";  // kTestBotToken's secret.

using Json = google::protobuf::Struct;

Json Parse(const std::string& text) {
  Json json;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text, &json).ok()) << text;
  return json;
}

std::string Text(const Json& json, const std::string& key) {
  auto found = json.fields().find(key);
  return found == json.fields().end() ? "" : found->second.string_value();
}

// The lines of the log at `path`, parsed.
std::vector<Json> Lines(const std::string& path) {
  std::vector<Json> lines;
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);) lines.push_back(Parse(line));
  return lines;
}

class SecretsInLogsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<fixtures::FakeBotApi>> bot_api = fixtures::FakeBotApi::Start();
    ASSERT_TRUE(bot_api.ok()) << bot_api.status();
    bot_api_ = *std::move(bot_api);
    // Every outbound call fails, so the Bot API client's failure lines are
    // among those searched for the bot token.
    bot_api_->SetAnswer("", fixtures::BotApiAnswer::Error(401, "Unauthorized"));
    admin_token_file_ = WritePrivateFile("admin-token", kAdminToken);
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster = TgauthCluster::Start(
        {.server_flags = {absl::StrCat("--bot_token=", kTestBotToken),
                          absl::StrCat("--bot_api_base_url=", bot_api_->base_url()),
                          absl::StrCat("--admin_token_file=", admin_token_file_),
                          "--login_confirmation=false"}});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
  }

  void TearDown() override {
    cluster_.reset();  // Audits the logs once more, after the processes stopped.
    std::remove(admin_token_file_.c_str());
  }

  // POSTs `body` as JSON; the reply's status.
  int PostJson(const std::string& target, const std::string& body) {
    absl::StatusOr<fixtures::HttpReply> reply =
        cluster_->Http("POST", target, {{"Content-Type", "application/json"}}, body);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? reply->status : 0;
  }

  void SignInWithWidget(int64_t telegram_id) {
    std::map<std::string, std::string> fields =
        testing::SignWidget({{"id", absl::StrCat(telegram_id)},
                             {"first_name", "Ada"},
                             {"auth_date", testing::UnixSeconds(absl::Now())}},
                            kTestBotToken);
    Json body;
    for (const auto& [name, value] : fields) (*body.mutable_fields())[name].set_string_value(value);
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(body, &json).ok());
    EXPECT_EQ(PostJson("/v1/auth/telegram-widget", json), 200);
    // Forged: the same fields under another hash; refused.
    (*body.mutable_fields())["hash"].set_string_value(std::string(64, 'f'));
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(body, &json).ok());
    EXPECT_GE(PostJson("/v1/auth/telegram-widget", json), 400);
  }

  void SignInWithMiniApp(int64_t telegram_id) {
    const std::string init_data =
        testing::SignMiniAppHmac({{"user", testing::WebAppUserJson(telegram_id, "Ada")},
                                  {"auth_date", testing::UnixSeconds(absl::Now())}},
                                 kTestBotToken);
    Json body;
    (*body.mutable_fields())["init_data"].set_string_value(init_data);
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(body, &json).ok());
    EXPECT_EQ(PostJson("/v1/auth/telegram-miniapp", json), 200);
  }

  void CallTheAdminApi() {
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", cluster_->grpc_port()),
                                       grpc::InsecureChannelCredentials());
    std::unique_ptr<v1::AdminService::Stub> admin = v1::AdminService::NewStub(channel);
    for (const std::string& token :
         {std::string(kAdminToken), std::string("wrong-admin-token-0123456789abcdef0123")}) {
      cluster_->log_audit().Record(token);
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
      v1::ListInviteCodesResponse listed;
      (void)admin->ListInviteCodes(&context, {}, &listed);
    }
  }

  std::unique_ptr<fixtures::FakeBotApi> bot_api_;
  std::string admin_token_file_;
  std::unique_ptr<TgauthCluster> cluster_;
};

TEST_F(SecretsInLogsTest, NoLogLineOfAnyFlowHoldsASecretAndEveryLineIsJson) {
  const fixtures::TelegramUserFixture user = NewTelegramUser();
  absl::StatusOr<v1::AwaitLoginResponse> signed_in = SignInWithQr(*cluster_, user, "Firefox");
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  const v1::Session& session = signed_in->session();

  absl::StatusOr<fixtures::HttpReply> me = cluster_->Http(
      "GET", "/v1/me", {{"Authorization", absl::StrCat("Bearer ", session.access_token())}});
  ASSERT_TRUE(me.ok() && me->status == 200);
  const std::string refresh = absl::StrCat(R"({"refresh_token":")", session.refresh_token(), "\"}");
  absl::StatusOr<fixtures::HttpReply> refreshed = cluster_->Http(
      "POST", "/v1/sessions:refresh", {{"Content-Type", "application/json"}}, refresh);
  ASSERT_TRUE(refreshed.ok() && refreshed->status == 200);
  const Json rotated = Parse(refreshed->body);
  const std::string next_refresh =
      rotated.fields().contains("session")
          ? Text(rotated.fields().at("session").struct_value(), "refreshToken")
          : "";
  ASSERT_FALSE(next_refresh.empty()) << refreshed->body;
  // The login page's cookie mode (gateway/session_cookie.h): the refresh
  // token travels in Cookie and Set-Cookie headers only.
  const fixtures::HttpHeaders cookie_mode = {
      {"X-TGAuth-Session", "cookie"},
      {"Origin", absl::StrCat("http://127.0.0.1:", cluster_->gateway_port())},
      {"Cookie", absl::StrCat("__Host-tgauth_refresh=", next_refresh)}};
  absl::StatusOr<fixtures::HttpReply> by_cookie =
      cluster_->Http("POST", "/v1/sessions:refresh", cookie_mode, "");
  ASSERT_TRUE(by_cookie.ok() && by_cookie->status == 200);
  const std::string set_cookie = by_cookie->Header("set-cookie");
  const std::string cookie_refresh = set_cookie.substr(
      set_cookie.find('=') + 1, set_cookie.find(';') - set_cookie.find('=') - 1);
  ASSERT_EQ(cookie_refresh.size(), 43u) << set_cookie;
  absl::StatusOr<fixtures::HttpReply> logout = cluster_->Http(
      "POST", "/v1/sessions:logout",
      {cookie_mode[0], cookie_mode[1],
       {"Cookie", absl::StrCat("__Host-tgauth_refresh=", cookie_refresh)}},
      "");
  ASSERT_TRUE(logout.ok());
  EXPECT_EQ(logout->status, 200);
  // A rotated token replayed after logout: refused, and logged as reuse.
  EXPECT_EQ(PostJson("/v1/sessions:refresh", refresh), 401);

  SignInWithWidget(user.id);
  SignInWithMiniApp(user.id);
  absl::StatusOr<fixtures::HttpReply> forged_update =
      cluster_->Http("POST", "/telegram/webhook",
                     {{"Content-Type", "application/json"},
                      {"X-Telegram-Bot-Api-Secret-Token", "not-the-webhook-secret-0123456789"}},
                     "{}");
  ASSERT_TRUE(forged_update.ok());
  EXPECT_EQ(forged_update->status, 401);
  CallTheAdminApi();

  const std::set<std::string> searched = cluster_->log_audit().secrets();
  EXPECT_THAT(searched, IsSupersetOf({cluster_->webhook_secret(), cluster_->gateway_token(),
                                      std::string(kAdminToken), std::string(kTestBotToken),
                                      std::string(kBotSecret), session.access_token(),
                                      session.refresh_token(), next_refresh,
                                      cookie_refresh}));
  EXPECT_GE(searched.size(), 16u) << "the login and poll tokens, widget hashes and initData too";
  EXPECT_THAT(cluster_->LogProblems(), IsEmpty());

  // Both processes wrote access lines, and the request id ties them.
  absl::StatusOr<fixtures::HttpReply> traced =
      cluster_->Http("GET", "/.well-known/jwks.json", {{"X-Request-Id", "e2e-trace-1"}});
  ASSERT_TRUE(traced.ok());
  EXPECT_EQ(traced->Header("x-request-id"), "e2e-trace-1");
  std::vector<std::string> gateway_routes, server_rpcs;
  for (const Json& line : Lines(cluster_->gateway_log())) {
    if (Text(line, "msg") == "http request" && Text(line, "request_id") == "e2e-trace-1") {
      gateway_routes.push_back(Text(line, "route"));
    }
  }
  for (const Json& line : Lines(cluster_->server_log())) {
    if (Text(line, "msg") == "rpc" && Text(line, "request_id") == "e2e-trace-1") {
      server_rpcs.push_back(absl::StrCat(Text(line, "grpc_method"), " ", Text(line, "caller")));
    }
  }
  EXPECT_THAT(gateway_routes, Contains("/.well-known/jwks.json"));
  EXPECT_THAT(server_rpcs, Contains("/tgauth.v1.AuthService/GetJwks gateway"));
}

}  // namespace
}  // namespace tgauth::e2e
