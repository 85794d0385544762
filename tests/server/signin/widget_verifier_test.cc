#include "server/signin/widget_verifier.h"

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/signin/telegram_test_signing.h"

namespace tgauth {
namespace {

using testing::Fields;
using ::testing::HasSubstr;
using testing::kTestBotToken;
using testing::SignWidget;
using testing::UnixSeconds;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);
constexpr absl::Duration kDay = absl::Hours(24);

Fields FullProfile(absl::Time auth_date = kNow - absl::Minutes(1)) {
  return {{"id", "100000001"},
          {"first_name", "Ada"},
          {"last_name", "Lovelace"},
          {"username", "ada_l"},
          {"photo_url", "https://t.me/i/userpic/320/ada.jpg"},
          {"auth_date", UnixSeconds(auth_date)}};
}

SignedFields Signed(const Fields& fields, const std::string& token = kTestBotToken) {
  std::map<std::string, std::string> out = SignWidget(fields, token);
  return SignedFields(out.begin(), out.end());
}

absl::StatusOr<storage::TelegramProfile> Verify(const SignedFields& fields,
                                                absl::Duration max_age = kDay) {
  return VerifyWidgetLogin(fields, kTestBotToken, kNow, max_age);
}

TEST(WidgetVerifierTest, DataCheckStringIsSortedLinesWithoutTheHash) {
  SignedFields fields = {{"id", "7"}, {"hash", "x"}, {"auth_date", "1"}, {"first_name", "A"}};
  EXPECT_EQ(DataCheckString(fields, {"hash"}), "auth_date=1\nfirst_name=A\nid=7");
}

TEST(WidgetVerifierTest, SignedFieldsGiveTheProfile) {
  absl::StatusOr<storage::TelegramProfile> who = Verify(Signed(FullProfile()));
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(*who, (storage::TelegramProfile{.telegram_id = 100000001,
                                            .first_name = "Ada",
                                            .last_name = "Lovelace",
                                            .username = "ada_l",
                                            .photo_url = "https://t.me/i/userpic/320/ada.jpg"}));
}

TEST(WidgetVerifierTest, AbsentOptionalFieldsTakeNoPart) {
  Fields minimal = {{"id", "100000001"}, {"first_name", "Ada"}, {"auth_date", UnixSeconds(kNow)}};
  absl::StatusOr<storage::TelegramProfile> who = Verify(Signed(minimal));
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->last_name, "");
  EXPECT_EQ(who->username, "");
  EXPECT_EQ(who->photo_url, "");
}

TEST(WidgetVerifierTest, NonAsciiNamesVerify) {
  Fields fields = {{"id", "100000002"},
                   {"first_name", "Анна 🌸"},
                   {"last_name", "Müller-Łukasiewicz"},
                   {"auth_date", UnixSeconds(kNow)}};
  absl::StatusOr<storage::TelegramProfile> who = Verify(Signed(fields));
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->first_name, "Анна 🌸");
}

TEST(WidgetVerifierTest, UnknownFieldsAreSignedLikeTheRest) {
  Fields fields = FullProfile();
  fields.emplace_back("allows_write_to_pm", "true");
  EXPECT_TRUE(Verify(Signed(fields)).ok());
}

TEST(WidgetVerifierTest, TamperedFieldIsUnauthenticated) {
  SignedFields fields = Signed(FullProfile());
  fields["id"] = "100000002";
  absl::StatusOr<storage::TelegramProfile> who = Verify(fields);
  EXPECT_EQ(who.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(who.status().message(), HasSubstr("hash does not match"));
}

TEST(WidgetVerifierTest, AddedOrDroppedFieldIsUnauthenticated) {
  SignedFields added = Signed(FullProfile());
  added["is_admin"] = "true";
  EXPECT_EQ(Verify(added).status().code(), absl::StatusCode::kUnauthenticated);
  SignedFields dropped = Signed(FullProfile());
  dropped.erase("photo_url");
  EXPECT_EQ(Verify(dropped).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(WidgetVerifierTest, WrongBotTokenIsUnauthenticated) {
  SignedFields fields = Signed(FullProfile(), "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0");
  EXPECT_EQ(Verify(fields).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(WidgetVerifierTest, StaleAuthDateIsUnauthenticated) {
  absl::StatusOr<storage::TelegramProfile> who =
      Verify(Signed(FullProfile(kNow - kDay - absl::Seconds(1))));
  EXPECT_EQ(who.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(who.status().message(), HasSubstr("auth_date is more than 24h old"));
  EXPECT_TRUE(Verify(Signed(FullProfile(kNow - kDay))).ok());
}

TEST(WidgetVerifierTest, ZeroMaxAgeTurnsTheAgeCheckOff) {
  SignedFields recorded = Signed(FullProfile(kNow - absl::Hours(24 * 365)));
  EXPECT_TRUE(Verify(recorded, absl::ZeroDuration()).ok());
}

TEST(WidgetVerifierTest, AuthDateInTheFutureIsUnauthenticated) {
  absl::StatusOr<storage::TelegramProfile> who =
      Verify(Signed(FullProfile(kNow + absl::Minutes(1) + absl::Seconds(1))));
  EXPECT_EQ(who.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(who.status().message(), HasSubstr("auth_date is in the future"));
  // A minute of clock skew is tolerated.
  EXPECT_TRUE(Verify(Signed(FullProfile(kNow + absl::Minutes(1)))).ok());
}

TEST(WidgetVerifierTest, MissingHashIsInvalidArgument) {
  SignedFields fields = Signed(FullProfile());
  fields.erase("hash");
  absl::StatusOr<storage::TelegramProfile> who = Verify(fields);
  EXPECT_EQ(who.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(who.status().message(), "fields.hash is required");
}

TEST(WidgetVerifierTest, MalformedHashIsInvalidArgument) {
  SignedFields fields = Signed(FullProfile());
  const std::string hash = fields["hash"];
  for (const std::string& bad :
       {hash.substr(1), hash + "0", absl::AsciiStrToUpper(hash), std::string(64, 'g')}) {
    fields["hash"] = bad;
    absl::StatusOr<storage::TelegramProfile> who = Verify(fields);
    EXPECT_EQ(who.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(who.status().message(), HasSubstr("64 lowercase hex digits"));
  }
}

TEST(WidgetVerifierTest, MissingIdOrAuthDateIsInvalidArgument) {
  Fields no_id = {{"first_name", "Ada"}, {"auth_date", UnixSeconds(kNow)}};
  EXPECT_EQ(Verify(Signed(no_id)).status().message(), "fields.id is required");
  Fields no_date = {{"id", "7"}, {"first_name", "Ada"}};
  EXPECT_EQ(Verify(Signed(no_date)).status().message(), "fields.auth_date is required");
}

// As the Mini App check treats a user without a first_name: a profile
// without one must not reach the user directory.
TEST(WidgetVerifierTest, SignedButEmptyFirstNameIsInvalidArgument) {
  Fields fields = {{"id", "100000001"}, {"first_name", ""}, {"auth_date", UnixSeconds(kNow)}};
  absl::StatusOr<storage::TelegramProfile> who = Verify(Signed(fields));
  EXPECT_EQ(who.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(who.status().message(), "fields.first_name is required");
}

TEST(WidgetVerifierTest, SignedButNonNumericIdIsInvalidArgument) {
  Fields fields = {{"id", "-5"}, {"first_name", "Ada"}, {"auth_date", UnixSeconds(kNow)}};
  EXPECT_EQ(Verify(Signed(fields)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(WidgetVerifierTest, LineFeedInAValueIsInvalidArgument) {
  Fields fields = FullProfile();
  fields[1].second = "Ada\nid=1";
  EXPECT_EQ(Verify(Signed(fields)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(WidgetVerifierTest, TooManyFieldsIsInvalidArgument) {
  Fields fields = FullProfile();
  for (int i = 0; i < 40; ++i) fields.emplace_back("extra_" + std::to_string(i), "x");
  EXPECT_EQ(Verify(Signed(fields)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(WidgetVerifierTest, WithoutABotTokenTheWidgetIsOff) {
  absl::StatusOr<storage::TelegramProfile> who =
      VerifyWidgetLogin(Signed(FullProfile(), ""), "", kNow, kDay);
  EXPECT_EQ(who.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace tgauth
