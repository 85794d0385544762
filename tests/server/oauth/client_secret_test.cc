#include "server/oauth/client_secret.h"

#include "common/secure_token.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(ClientSecretTest, NewSecretIsAFreshTokenStoredAsItsSha256) {
  absl::StatusOr<ClientSecret> first = NewClientSecret();
  absl::StatusOr<ClientSecret> second = NewClientSecret();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(IsWellFormedToken(first->secret));  // 32 CSPRNG bytes, base64url.
  EXPECT_EQ(first->hash, Sha256(first->secret));
  EXPECT_EQ(first->hash.size(), 32u);
  EXPECT_NE(first->hash, first->secret);
  EXPECT_NE(first->secret, second->secret);
}

TEST(ClientSecretTest, OnlyTheSecretItselfMatchesItsHash) {
  const ClientSecret issued = *NewClientSecret();
  EXPECT_TRUE(ClientSecretMatches(issued.hash, issued.secret));
  EXPECT_FALSE(ClientSecretMatches(issued.hash, issued.secret.substr(1)));
  EXPECT_FALSE(ClientSecretMatches(issued.hash, issued.secret + "x"));
  EXPECT_FALSE(ClientSecretMatches(issued.hash, ""));
  EXPECT_FALSE(ClientSecretMatches(issued.hash, issued.hash));  // The hash is no secret.
}

}  // namespace
}  // namespace tgauth
