#include "common/secure_token.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(SecureTokenTest, NewTokensAreWellFormedAndDistinct) {
  const std::string a = *NewToken();
  const std::string b = *NewToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_TRUE(IsWellFormedToken(a));
  EXPECT_NE(a, b);
}

TEST(SecureTokenTest, WellFormedMeansExactlyFortyThreeBase64UrlCharacters) {
  EXPECT_TRUE(IsWellFormedToken(std::string(43, '-')));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'a')));
  EXPECT_FALSE(IsWellFormedToken(std::string(44, 'a')));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'a') + "="));
  EXPECT_FALSE(IsWellFormedToken(std::string(42, 'a') + "/"));
}

TEST(SecureTokenTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
}

TEST(SecureTokenTest, Sha256HexMatchesTheKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace tgauth
