#include "server/oauth/pkce.h"

#include <string>

#include "gtest/gtest.h"

namespace tgauth {
namespace {

// RFC 7636 Appendix B.
constexpr absl::string_view kRfcVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr absl::string_view kRfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST(PkceTest, S256ChallengeMatchesRfc7636AppendixB) {
  EXPECT_EQ(S256CodeChallenge(kRfcVerifier), kRfcChallenge);
  EXPECT_TRUE(VerifyCodeVerifier(kRfcVerifier, kRfcChallenge));
}

TEST(PkceTest, AnotherVerifierDoesNotMatch) {
  std::string other(kRfcVerifier);
  other.back() = 'Y';
  EXPECT_FALSE(VerifyCodeVerifier(other, kRfcChallenge));
  // The verifier is never compared with the challenge as `plain` would.
  EXPECT_FALSE(VerifyCodeVerifier(kRfcChallenge, kRfcChallenge));
}

TEST(PkceTest, VerifierLengthIsFrom43To128) {
  EXPECT_TRUE(ValidateCodeVerifier(std::string(43, 'a')).ok());
  EXPECT_TRUE(ValidateCodeVerifier(std::string(128, 'a')).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeVerifier(std::string(42, 'a'))));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeVerifier(std::string(129, 'a'))));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeVerifier("")));
}

TEST(PkceTest, VerifierTakesOnlyUnreservedCharacters) {
  const std::string base(42, 'a');
  for (char c : std::string("AZaz09-._~")) {
    EXPECT_TRUE(ValidateCodeVerifier(base + c).ok()) << c;
  }
  for (char c : std::string("+/=% \n\0!*", 10)) {
    EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeVerifier(base + c))) << int{c};
  }
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeVerifier(base + "\xc3\xa9")));  // é, UTF-8.
}

TEST(PkceTest, MalformedVerifierNeverMatches) {
  // 42 characters: too short, even if a challenge were computed from it.
  const std::string short_verifier(kRfcVerifier.substr(0, 42));
  EXPECT_FALSE(VerifyCodeVerifier(short_verifier, S256CodeChallenge(short_verifier)));
  const std::string with_plus = std::string(42, 'a') + "+";
  EXPECT_FALSE(VerifyCodeVerifier(with_plus, S256CodeChallenge(with_plus)));
}

TEST(PkceTest, ChallengeIs43Base64UrlCharactersWithS256) {
  EXPECT_TRUE(ValidateCodeChallenge(kRfcChallenge, "S256").ok());
  const std::string challenge(kRfcChallenge);
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeChallenge(challenge.substr(0, 42), "S256")));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeChallenge(challenge + "A", "S256")));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeChallenge(challenge + "=", "S256")));
  for (char c : std::string("+/=.~ ")) {
    std::string bad = challenge;
    bad[10] = c;
    EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeChallenge(bad, "S256"))) << c;
  }
}

TEST(PkceTest, PlainAndAbsentMethodsAreRefused) {
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeChallenge(kRfcChallenge, "plain")));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeChallenge(kRfcChallenge, "")));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateCodeChallenge(kRfcChallenge, "s256")));
}

TEST(PkceTest, ErrorsNeverEchoTheSecret) {
  const std::string verifier = std::string(129, 'q');
  EXPECT_EQ(ValidateCodeVerifier(verifier).message().find("qqq"), std::string::npos);
}

}  // namespace
}  // namespace tgauth
