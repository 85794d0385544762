#include "common/shared_secret.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

constexpr char kToken[] = "a-gateway-token-that-is-long-enough-for-the-check";

TEST(SharedSecretTest, MatchesOnlyTheConfiguredSecret) {
  SharedSecret secret(kToken);
  EXPECT_TRUE(secret.configured());
  EXPECT_TRUE(secret.Matches(kToken));
  EXPECT_FALSE(secret.Matches(absl::StrCat(kToken, "x")));
  EXPECT_FALSE(secret.Matches(""));
}

TEST(SharedSecretTest, NoSecretConfiguredMatchesNothing) {
  SharedSecret none;
  EXPECT_FALSE(none.configured());
  EXPECT_FALSE(none.Matches(""));
  EXPECT_FALSE(none.Matches(kToken));
}

TEST(SharedSecretTest, AnEmptySecretIsNoSecretConfigured) {
  for (const char* empty : {"", "\n", " \t\r\n"}) {
    SharedSecret secret(empty);
    EXPECT_FALSE(secret.configured()) << absl::CEscape(empty);
    EXPECT_FALSE(secret.Matches("")) << absl::CEscape(empty);
    EXPECT_FALSE(secret.Matches(empty)) << absl::CEscape(empty);
  }
}

TEST(SharedSecretTest, TheFilesTrailingNewlineIsNotPartOfTheSecret) {
  EXPECT_TRUE(SharedSecret(absl::StrCat(kToken, "\n")).Matches(kToken));
}

TEST(SharedSecretTest, TokensMustBeLongAndPrintable) {
  EXPECT_TRUE(SharedSecret::IsAcceptableToken(absl::StrCat(kToken, "\n")));
  EXPECT_FALSE(SharedSecret::IsAcceptableToken("short"));
  EXPECT_FALSE(SharedSecret::IsAcceptableToken("a token with spaces that is long enough"));
}

class TokenFileTest : public ::testing::Test {
 protected:
  void TearDown() override { std::remove(path_.c_str()); }

  const std::string& Write(const std::string& contents, mode_t mode) {
    std::ofstream(path_) << contents;
    chmod(path_.c_str(), mode);
    return path_;
  }

  std::string path_ = absl::StrCat(::testing::TempDir(), "tgauth-token-file-", getpid());
};

TEST_F(TokenFileTest, ReadsAPrivateFileWithoutItsNewline) {
  absl::StatusOr<std::string> token = ReadTokenFile(Write(absl::StrCat(kToken, "\n"), 0600));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, kToken);
}

TEST_F(TokenFileTest, ShortTokenIsRefusedNamingTheFile) {
  absl::StatusOr<std::string> token = ReadTokenFile(Write("short\n", 0600));
  EXPECT_EQ(token.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(token.status().message(), HasSubstr(path_));
  EXPECT_THAT(token.status().message(), HasSubstr("at least 32 printable characters"));
}

TEST_F(TokenFileTest, FileOthersCanReadIsRefused) {
  absl::StatusOr<std::string> token = ReadTokenFile(Write(kToken, 0644));
  EXPECT_EQ(token.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(token.status().message(), HasSubstr("too open for a secret; run `chmod"));
}

}  // namespace
}  // namespace tgauth
