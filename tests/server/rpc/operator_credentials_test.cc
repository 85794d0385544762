// OperatorCredentials: the credentials file's format, the legacy admin
// token as operator "admin", and which operator a token names.
#include "server/rpc/operator_credentials.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

constexpr char kAliceToken[] = "alice-token-that-is-long-enough-0123456789";
constexpr char kBobToken[] = "bob-token-that-is-long-enough-0123456789ab";

std::string Line(absl::string_view name, absl::string_view token) {
  return absl::StrCat(name, ":", Sha256Hex(token), "\n");
}

TEST(OperatorCredentialsTest, EachTokenNamesItsOperator) {
  absl::StatusOr<OperatorCredentials> operators = OperatorCredentials::Parse(
      absl::StrCat("# who may call AdminService\n\n", Line("alice", kAliceToken),
                   "  ", Line("bob.smith", kBobToken)));
  ASSERT_TRUE(operators.ok()) << operators.status();
  EXPECT_EQ(*operators->Authenticate(absl::StrCat("Bearer ", kAliceToken)), "alice");
  EXPECT_EQ(*operators->Authenticate(absl::StrCat("bearer ", kBobToken)), "bob.smith");
}

TEST(OperatorCredentialsTest, TheHashOrAnotherTokenIsNoCredential) {
  OperatorCredentials operators = *OperatorCredentials::Parse(Line("alice", kAliceToken));
  for (const std::string& authorization :
       {absl::StrCat("Bearer ", Sha256Hex(kAliceToken)), absl::StrCat("Bearer ", kBobToken),
        absl::StrCat("Basic ", kAliceToken), std::string(kAliceToken), std::string()}) {
    EXPECT_EQ(operators.Authenticate(authorization).status().code(),
              absl::StatusCode::kUnauthenticated)
        << authorization;
  }
}

TEST(OperatorCredentialsTest, NoOperatorRefusesEveryCallAsPermissionDenied) {
  OperatorCredentials none = *OperatorCredentials::Parse("# nobody yet\n");
  EXPECT_FALSE(none.enabled());
  EXPECT_EQ(none.Authenticate(absl::StrCat("Bearer ", kAliceToken)).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(OperatorCredentialsTest, MalformedFilesAreRefusedNamingTheLine) {
  for (const std::string& contents :
       {absl::StrCat("# ok\n", "alice\n"), std::string("alice:abc\n"),
        absl::StrCat("al ice:", Sha256Hex(kAliceToken)),
        absl::StrCat(":", Sha256Hex(kAliceToken)),
        absl::StrCat(Line("alice", kAliceToken), Line("alice", kBobToken)),
        absl::StrCat(Line("alice", kAliceToken), Line("bob", kAliceToken))}) {
    absl::StatusOr<OperatorCredentials> parsed = OperatorCredentials::Parse(contents);
    EXPECT_TRUE(absl::IsInvalidArgument(parsed.status())) << contents;
    EXPECT_THAT(parsed.status().message(), HasSubstr("line ")) << contents;
  }
}

TEST(OperatorCredentialsTest, TheAdminTokenFileIsTheOperatorNamedAdmin) {
  OperatorCredentials operators = *OperatorCredentials::Parse(Line("alice", kAliceToken));
  ASSERT_TRUE(operators.AddToken(kAdminTokenOperator, absl::StrCat(kBobToken, "\n")).ok());
  EXPECT_EQ(*operators.Authenticate(absl::StrCat("Bearer ", kBobToken)), "admin");
  EXPECT_EQ(*operators.Authenticate(absl::StrCat("Bearer ", kAliceToken)), "alice");
  // The same token twice would make the name ambiguous.
  EXPECT_TRUE(absl::IsInvalidArgument(operators.AddToken("carol", kAliceToken)));
}

TEST(OperatorCredentialsTest, TokensMustBeLongAndPrintable) {
  EXPECT_TRUE(OperatorCredentials::IsAcceptableToken(std::string(kAliceToken) + "\n"));
  EXPECT_FALSE(OperatorCredentials::IsAcceptableToken("short"));
  EXPECT_FALSE(OperatorCredentials::IsAcceptableToken("a token with spaces that is long enough"));
}

}  // namespace
}  // namespace tgauth
