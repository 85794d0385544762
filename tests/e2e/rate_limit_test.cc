// End to end: one address starting too many logins gets HTTP 429.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "gtest/gtest.h"
#include "tests/e2e/tgauth_cluster.h"

namespace tgauth::e2e {
namespace {

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
  google::protobuf::Struct body;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(refused->body, &body).ok());
  EXPECT_EQ(body.fields().at("code").number_value(), 8);  // RESOURCE_EXHAUSTED
}

}  // namespace
}  // namespace tgauth::e2e
