// Standard Webhooks signing: the specification's published test vector, and
// the secrets WebhookKey refuses.
#include "server/events/standard_webhooks.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// From the Standard Webhooks specification and its reference libraries.
constexpr char kSpecSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

TEST(WebhookKeyTest, SignatureMatchesTheSpecificationsTestVector) {
  absl::StatusOr<WebhookKey> key = WebhookKey::FromSecret(kSpecSecret);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookKeyTest, EachPartOfTheSignedContentChangesTheSignature) {
  const WebhookKey key = *WebhookKey::FromSecret(kSpecSecret);
  const std::string base = key.Sign("msg_1", 1614265330, "{}");
  EXPECT_NE(key.Sign("msg_2", 1614265330, "{}"), base);
  EXPECT_NE(key.Sign("msg_1", 1614265331, "{}"), base);
  EXPECT_NE(key.Sign("msg_1", 1614265330, "{ }"), base);
}

TEST(WebhookKeyTest, RefusesASecretWithoutThePrefix) {
  absl::StatusOr<WebhookKey> key = WebhookKey::FromSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  EXPECT_TRUE(absl::IsInvalidArgument(key.status()));
  EXPECT_THAT(key.status().message(), HasSubstr("whsec_"));
}

TEST(WebhookKeyTest, RefusesASecretThatIsNotBase64) {
  absl::StatusOr<WebhookKey> key = WebhookKey::FromSecret("whsec_not base64!!");
  EXPECT_TRUE(absl::IsInvalidArgument(key.status()));
  EXPECT_THAT(key.status().message(), Not(HasSubstr("not base64!!")));  // Never the secret.
}

TEST(WebhookKeyTest, RefusesKeysShorterThan24OrLongerThan64Bytes) {
  // 18 and 66 bytes.
  EXPECT_TRUE(
      absl::IsInvalidArgument(WebhookKey::FromSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZI").status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(WebhookKey::FromSecret("whsec_" + std::string(88, 'A')).status()));
  EXPECT_TRUE(WebhookKey::FromSecret("whsec_" + std::string(86, 'A') + "==").ok());  // 64.
}

}  // namespace
}  // namespace tgauth
