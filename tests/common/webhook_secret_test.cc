#include "common/webhook_secret.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

TEST(WebhookSecretTest, ThirtyTwoToTwoHundredFiftySixOfTelegramsAlphabetAreAccepted) {
  EXPECT_TRUE(ValidateWebhookSecret(std::string(32, 'a')).ok());
  EXPECT_TRUE(ValidateWebhookSecret("Ab0_-Ab0_-Ab0_-Ab0_-Ab0_-Ab0_-Ab").ok());
  EXPECT_TRUE(ValidateWebhookSecret(std::string(256, 'Z')).ok());
}

TEST(WebhookSecretTest, ShortSecretsAreRefusedWithTheRule) {
  absl::Status status = ValidateWebhookSecret("test-webhook_secret");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("32-256 characters of A-Z a-z 0-9 _ -"));
  EXPECT_FALSE(ValidateWebhookSecret(std::string(31, 'a')).ok());
  EXPECT_FALSE(ValidateWebhookSecret("").ok());
}

TEST(WebhookSecretTest, LongSecretsAndOtherCharactersAreRefused) {
  EXPECT_FALSE(ValidateWebhookSecret(std::string(257, 'a')).ok());
  EXPECT_FALSE(ValidateWebhookSecret(std::string(31, 'a') + "=").ok());
  EXPECT_FALSE(ValidateWebhookSecret(std::string(31, 'a') + " ").ok());
}

TEST(WebhookSecretTest, TheManifestsPlaceholderIsRefused) {
  absl::Status status = ValidateWebhookSecret("CHANGE_ME_to_32_to_256_of_A-Z_a-z_0-9_-");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("placeholder"));
}

}  // namespace
}  // namespace tgauth
