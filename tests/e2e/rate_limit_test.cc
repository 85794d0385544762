// End to end: one address over a per-address limit (starting logins,
// failing refreshes, signing in) gets HTTP 429 with RESOURCE_EXHAUSTED.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/secure_token.h"
#include "gtest/gtest.h"
#include "tests/e2e/tgauth_cluster.h"

namespace tgauth::e2e {
namespace {

// The gRPC code in a gateway error body; -1 if there is none.
int ErrorCode(const fixtures::HttpReply& reply) {
  google::protobuf::Struct body;
  if (!google::protobuf::util::JsonStringToMessage(reply.body, &body).ok()) return -1;
  auto code = body.fields().find("code");
  return code == body.fields().end() ? -1 : static_cast<int>(code->second.number_value());
}

TEST(LoginRateLimitTest, AnAddressOverItsLimitGetsTooManyRequests) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = {"--logins_per_ip_per_minute=2"}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<fixtures::HttpReply> created = (*cluster)->Http("POST", "/v1/logins");
    ASSERT_TRUE(created.ok()) << created.status();
    EXPECT_EQ(created->status, 200) << created->body;
  }
  absl::StatusOr<fixtures::HttpReply> refused = (*cluster)->Http("POST", "/v1/logins");
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(ErrorCode(*refused), 8);  // RESOURCE_EXHAUSTED
}

TEST(RefreshRateLimitTest, AnAddressGuessingRefreshTokensIsStoppedForTheWindow) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = {"--failed_refreshes_per_ip=3"}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto refresh = [&] {
    return (*cluster)->Http("POST", "/v1/sessions:refresh", {{"Content-Type", "application/json"}},
                            absl::StrCat(R"({"refresh_token": ")", *NewToken(), R"("})"));
  };
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<fixtures::HttpReply> guessed = refresh();
    ASSERT_TRUE(guessed.ok()) << guessed.status();
    EXPECT_EQ(guessed->status, 401) << i << ": " << guessed->body;
  }
  absl::StatusOr<fixtures::HttpReply> refused = refresh();
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->status, 429) << refused->body;
  EXPECT_EQ(ErrorCode(*refused), 8);  // RESOURCE_EXHAUSTED
}

TEST(RefreshRateLimitTest, LogoutsWithUnknownRefreshTokensShareTheFailedRefreshLimit) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = {"--failed_refreshes_per_ip=2"}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto post = [&](absl::string_view path) {
    return (*cluster)->Http("POST", std::string(path), {{"Content-Type", "application/json"}},
                            absl::StrCat(R"({"refresh_token": ")", *NewToken(), R"("})"));
  };
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<fixtures::HttpReply> unknown = post("/v1/sessions:logout");
    ASSERT_TRUE(unknown.ok()) << unknown.status();
    EXPECT_EQ(unknown->status, 200) << i << ": " << unknown->body;  // RFC 7009 section 2.2.
  }
  for (absl::string_view path : {"/v1/sessions:logout", "/v1/sessions:refresh"}) {
    absl::StatusOr<fixtures::HttpReply> refused = post(path);
    ASSERT_TRUE(refused.ok()) << refused.status();
    EXPECT_EQ(refused->status, 429) << path << ": " << refused->body;
  }
}

TEST(SignInRateLimitTest, AnAddressDescribingUnknownLinksGetsTooManyRequests) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = {"--sign_ins_per_ip_per_minute=2"}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto describe = [&] {
    return (*cluster)->Http("POST", "/v1/auth/telegram-link:describe",
                            {{"Content-Type", "application/json"}},
                            absl::StrCat(R"({"token": ")", *NewToken(), R"("})"));
  };
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<fixtures::HttpReply> unknown = describe();
    ASSERT_TRUE(unknown.ok()) << unknown.status();
    EXPECT_EQ(unknown->status, 404) << i << ": " << unknown->body;
  }
  absl::StatusOr<fixtures::HttpReply> refused = describe();
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->status, 429) << refused->body;
  EXPECT_EQ(ErrorCode(*refused), 8);  // RESOURCE_EXHAUSTED
}

TEST(SignInRateLimitTest, AnAddressOverItsSignInAttemptsGetsTooManyRequests) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = {"--sign_ins_per_ip_per_minute=2"}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto exchange = [&] {
    return (*cluster)->Http("POST", "/v1/auth/telegram-link:exchange",
                            {{"Content-Type", "application/json"}},
                            absl::StrCat(R"({"token": ")", *NewToken(), R"("})"));
  };
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<fixtures::HttpReply> unknown = exchange();
    ASSERT_TRUE(unknown.ok()) << unknown.status();
    EXPECT_EQ(unknown->status, 401) << i << ": " << unknown->body;
  }
  absl::StatusOr<fixtures::HttpReply> refused = exchange();
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->status, 429) << refused->body;
  EXPECT_EQ(ErrorCode(*refused), 8);  // RESOURCE_EXHAUSTED
}

}  // namespace
}  // namespace tgauth::e2e
