// /metrics of both processes end to end: scraped before and after a QR login
// (with a parked long poll), a refresh, a webhook update and a refused
// call, the named families must have moved, and no label value may be, or
// look like, a token, a user id or an address.
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <future>
#include <limits>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth::e2e {
namespace {

using fixtures::HttpReply;
using Labels = std::map<std::string, std::string>;

// One sample of the text format: "name{a="x",b="y"} value".
struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

std::vector<Sample> ParseSamples(const std::string& text) {
  static const std::regex kLine(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$)");
  static const std::regex kLabel(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)")re");
  std::vector<Sample> samples;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    std::smatch match;
    const std::string copy(line);
    if (!std::regex_match(copy, match, kLine)) {
      ADD_FAILURE() << "not a sample line: " << copy;
      continue;
    }
    Sample sample{.name = match[1]};
    const std::string labels = match[3];
    for (auto it = std::sregex_iterator(labels.begin(), labels.end(), kLabel);
         it != std::sregex_iterator(); ++it) {
      sample.labels[(*it)[1]] = (*it)[2];
    }
    const std::string value = match[4];
    if (value == "+Inf") {
      sample.value = std::numeric_limits<double>::infinity();
    } else {
      EXPECT_TRUE(absl::SimpleAtod(value, &sample.value)) << copy;
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

// The sum of the samples of `name` that carry every label of `want`; -1
// when there is none.
double Value(const std::string& scrape, const std::string& name, const Labels& want = {}) {
  double sum = -1;
  for (const Sample& sample : ParseSamples(scrape)) {
    if (sample.name != name) continue;
    bool matches = true;
    for (const auto& [label, value] : want) {
      auto it = sample.labels.find(label);
      matches = matches && it != sample.labels.end() && it->second == value;
    }
    if (matches) sum = (sum < 0 ? 0 : sum) + sample.value;
  }
  return sum;
}

// The series' growth from `before` to `after` (a series absent before counts
// from 0).
double Growth(const std::string& before, const std::string& after, const std::string& name,
              const Labels& want = {}) {
  return Value(after, name, want) - std::max(0.0, Value(before, name, want));
}

// What a token (43 base64url characters), a UUID, an IP address or a
// Telegram id looks like.
bool LooksIdentifying(const std::string& value) {
  static const std::regex kShapes(
      R"([A-Za-z0-9_-]{32,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-|\d{1,3}(\.\d{1,3}){3}|)"
      R"([0-9a-fA-F]{0,4}:[0-9a-fA-F]{0,4}:[0-9a-fA-F]{0,4}|^\d{6,}$)");
  return std::regex_search(value, kShapes);
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The scan signs in at once; bot_conversation_test.cc covers the
    // confirmation step.
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
        TgauthCluster::Start({.server_flags = {"--login_confirmation=false"}});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
  }

  std::string ServerMetrics() {
    absl::StatusOr<std::string> scrape = cluster_->ServerMetrics();
    EXPECT_TRUE(scrape.ok()) << scrape.status();
    return scrape.value_or("");
  }
  std::string GatewayMetrics() {
    absl::StatusOr<std::string> scrape = cluster_->GatewayMetrics();
    EXPECT_TRUE(scrape.ok()) << scrape.status();
    return scrape.value_or("");
  }

  std::unique_ptr<TgauthCluster> cluster_;
};

TEST_F(MetricsTest, FamiliesMoveDuringALoginARefreshAWebhookUpdateAndARefusedCall) {
  const std::string server_before = ServerMetrics();
  const std::string gateway_before = GatewayMetrics();

  // A QR login whose browser waits in a long poll while the phone scans.
  absl::StatusOr<HttpReply> created = cluster_->Http("POST", "/v1/logins");
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->status, 200) << created->body;
  v1::CreateLoginResponse login;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(created->body, &login).ok());
  std::future<absl::StatusOr<HttpReply>> poll = std::async(std::launch::async, [&] {
    return cluster_->Http("GET", absl::StrCat("/v1/logins/", login.login_token(), "?wait=20"),
                          {{"Authorization", "Bearer " + login.poll_token()}});
  });
  // Another process's state: nothing to wait on but the scrape itself.
  // Parked in the gateway once the server has answered its first check
  // (PENDING) and holds no call for it.
  auto checks_answered = [&] {
    return Growth(server_before, ServerMetrics(), "grpc_server_handled_total",
                  {{"grpc_service", "tgauth.v1.AuthService"},
                   {"grpc_method", "AwaitLogin"},
                   {"grpc_code", "OK"}});
  };
  double parked = 0;
  for (absl::Time give_up = absl::Now() + absl::Seconds(10);
       (parked < 1 || checks_answered() < 1) && absl::Now() < give_up;
       absl::SleepFor(absl::Milliseconds(20))) {
    parked = Value(GatewayMetrics(), "tgauth_gateway_parked_long_polls");
  }
  EXPECT_EQ(parked, 1);
  EXPECT_EQ(checks_answered(), 1);
  const fixtures::TelegramUserFixture user = NewTelegramUser();
  absl::StatusOr<HttpReply> scanned = cluster_->SendUpdate(fixtures::StartCommandUpdateJson(
      user, {.update_id = absl::ToUnixMillis(absl::Now()), .message_id = 7},
      login.login_token()));
  ASSERT_TRUE(scanned.ok()) << scanned.status();
  ASSERT_EQ(scanned->status, 200) << scanned->body;
  absl::StatusOr<HttpReply> redeemed = poll.get();
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
  ASSERT_EQ(redeemed->status, 200) << redeemed->body;
  v1::AwaitLoginResponse outcome;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(redeemed->body, &outcome).ok());
  ASSERT_EQ(outcome.state(), v1::LOGIN_STATE_CONFIRMED) << redeemed->body;

  // A refresh, then a refused one (a well-formed token nobody issued).
  absl::StatusOr<HttpReply> refreshed = cluster_->Http(
      "POST", "/v1/sessions:refresh", {{"Content-Type", "application/json"}},
      absl::StrCat(R"({"refresh_token": ")", outcome.session().refresh_token(), R"("})"));
  ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  ASSERT_EQ(refreshed->status, 200) << refreshed->body;
  absl::StatusOr<HttpReply> refused =
      cluster_->Http("POST", "/v1/sessions:refresh", {{"Content-Type", "application/json"}},
                     absl::StrCat(R"({"refresh_token": ")", std::string(43, 'A'), R"("})"));
  ASSERT_TRUE(refused.ok()) << refused.status();
  ASSERT_EQ(refused->status, 401) << refused->body;

  const std::string server = ServerMetrics();
  const std::string gateway = GatewayMetrics();
  const std::string auth = "tgauth.v1.AuthService";
  auto rpc = [&](const std::string& method, const std::string& code) {
    return Growth(server_before, server, "grpc_server_handled_total",
                  {{"grpc_service", auth}, {"grpc_method", method}, {"grpc_code", code}});
  };
  EXPECT_EQ(Growth(server_before, server, "grpc_server_started_total",
                   {{"grpc_service", auth}, {"grpc_method", "CreateLogin"}}),
            1);
  EXPECT_EQ(rpc("CreateLogin", "OK"), 1);
  // The gateway parks the long poll itself: one check as it parks, one
  // when the login changes (gateway/login_poll.h).
  EXPECT_EQ(rpc("AwaitLogin", "OK"), 2);
  EXPECT_EQ(rpc("HandleTelegramUpdate", "OK"), 1);
  EXPECT_EQ(rpc("RefreshSession", "OK"), 1);
  EXPECT_EQ(rpc("RefreshSession", "UNAUTHENTICATED"), 1);
  EXPECT_EQ(Growth(server_before, server, "grpc_server_handling_seconds_count",
                   {{"grpc_service", auth}, {"grpc_method", "AwaitLogin"}}),
            2);
  for (const char* event : {"created", "scanned", "confirmed", "redeemed"}) {
    // No confirmation step: the scan confirms at once, without SCANNED.
    EXPECT_EQ(Growth(server_before, server, "tgauth_logins_total", {{"event", event}}),
              std::string(event) == "scanned" ? 0 : 1)
        << event;
  }
  EXPECT_EQ(Growth(server_before, server, "tgauth_sessions_created_total", {{"method", "qr"}}), 1);
  EXPECT_EQ(Growth(server_before, server, "tgauth_refreshes_total", {{"outcome", "rotated"}}), 1);
  EXPECT_EQ(Growth(server_before, server, "tgauth_refreshes_total", {{"outcome", "refused"}}), 1);
  EXPECT_EQ(Growth(server_before, server, "tgauth_webhook_updates_total",
                   {{"kind", "message"}, {"outcome", "handled"}}),
            1);
  EXPECT_GT(Growth(server_before, server, "tgauth_store_call_seconds_count",
                   {{"store", "postgres"}}),
            0);
  EXPECT_GT(Growth(server_before, server, "tgauth_store_call_seconds_count", {{"store", "redis"}}),
            0);
  EXPECT_EQ(Value(server, "tgauth_store_call_errors_total"), 0);
  EXPECT_EQ(Value(server, "tgauth_store_pool_connections", {{"pool", "postgres"}}), 4);
  EXPECT_EQ(Value(server, "tgauth_store_pool_connections", {{"pool", "redis"}}), 4);
  EXPECT_GE(Value(server, "tgauth_store_pool_connections_in_use", {{"pool", "postgres"}}), 0);
  EXPECT_GE(Value(server, "tgauth_revocation_feed_staleness_seconds"), 0);
  EXPECT_LT(Value(server, "tgauth_revocation_feed_staleness_seconds"), 5);
  EXPECT_EQ(Value(server, "tgauth_bot_api_queue_depth"), 0);
  EXPECT_EQ(Value(server, "tgauth_executor_queued_calls"), 0);

  auto http = [&](const std::string& route, const std::string& method, const std::string& status) {
    return Growth(gateway_before, gateway, "tgauth_gateway_http_requests_total",
                  {{"route", route}, {"method", method}, {"status", status}});
  };
  EXPECT_EQ(http("/v1/logins", "POST", "200"), 1);
  EXPECT_EQ(http("/v1/logins/{id}", "GET", "200"), 1);
  EXPECT_EQ(http("/telegram/webhook", "POST", "200"), 1);
  EXPECT_EQ(http("/v1/sessions:refresh", "POST", "200"), 1);
  EXPECT_EQ(http("/v1/sessions:refresh", "POST", "401"), 1);
  EXPECT_EQ(Growth(gateway_before, gateway, "tgauth_gateway_http_request_seconds_count",
                   {{"route", "/v1/logins/{id}"}, {"method", "GET"}}),
            1);
  EXPECT_EQ(Value(gateway, "tgauth_gateway_parked_long_polls"), 0);

  // Nothing secret or identifying, in any label or anywhere else.
  const std::vector<std::string> secrets = {
      login.login_token(), login.poll_token(), outcome.session().refresh_token(),
      outcome.session().access_token(), outcome.user().id(), absl::StrCat(user.id),
      cluster_->webhook_secret(), cluster_->gateway_token()};
  for (const std::string* scrape : {&server, &gateway}) {
    for (const std::string& secret : secrets) {
      ASSERT_FALSE(secret.empty());
      EXPECT_EQ(scrape->find(secret), std::string::npos) << "a scrape holds " << secret;
    }
    for (const Sample& sample : ParseSamples(*scrape)) {
      for (const auto& [label, value] : sample.labels) {
        EXPECT_FALSE(LooksIdentifying(value)) << sample.name << "{" << label << "=" << value << "}";
      }
    }
  }
}

}  // namespace
}  // namespace tgauth::e2e
