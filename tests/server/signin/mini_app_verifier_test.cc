#include "server/signin/mini_app_verifier.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/signin/telegram_test_signing.h"

namespace tgauth {
namespace {

using testing::EncodeInitData;
using testing::Fields;
using ::testing::HasSubstr;
using testing::kTestBotId;
using testing::kTestBotToken;
using testing::SignMiniAppHmac;
using testing::TestEd25519Key;
using testing::UnixSeconds;
using testing::WebAppUserJson;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);
constexpr absl::Duration kDay = absl::Hours(24);

Fields LaunchFields(absl::Time auth_date = kNow - absl::Minutes(1)) {
  return {{"query_id", "AAHdF6IQAAAAAN0XohDhrOrc"},
          {"user", WebAppUserJson(279058397, "Vladislav",
                                  R"(,"last_name":"Kibenko","username":"vdkfrost",)"
                                  R"("photo_url":"https:\/\/t.me\/i\/userpic\/320\/v.svg")")},
          {"auth_date", UnixSeconds(auth_date)},
          {"chat_type", "private"}};
}

std::unique_ptr<MiniAppVerifier> HmacVerifier(std::string token = kTestBotToken) {
  return *MiniAppVerifier::Create({.bot_token = std::move(token)});
}

std::unique_ptr<MiniAppVerifier> Ed25519Verifier(const TestEd25519Key& key,
                                                 int64_t bot_id = kTestBotId) {
  return *MiniAppVerifier::Create({.bot_id = bot_id, .public_key = key.public_key()});
}

TEST(MiniAppVerifierTest, HmacSignedInitDataGivesTheProfile) {
  absl::StatusOr<storage::TelegramProfile> who =
      HmacVerifier()->Verify(SignMiniAppHmac(LaunchFields(), kTestBotToken), kNow, kDay);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(*who, (storage::TelegramProfile{.telegram_id = 279058397,
                                            .first_name = "Vladislav",
                                            .last_name = "Kibenko",
                                            .username = "vdkfrost",
                                            .photo_url = "https://t.me/i/userpic/320/v.svg",
                                            .language_code = "en"}));
}

TEST(MiniAppVerifierTest, HmacCoversTheSignatureFieldToo) {
  // Since Bot API 8.0 initData carries both: the hash signs every field but
  // itself, the signature included.
  Fields fields = LaunchFields();
  fields.emplace_back("signature", "c2lnbmF0dXJl");
  EXPECT_TRUE(HmacVerifier()->Verify(SignMiniAppHmac(fields, kTestBotToken), kNow, kDay).ok());
}

TEST(MiniAppVerifierTest, AbsentOptionalFieldsTakeNoPart) {
  Fields minimal = {{"user", WebAppUserJson(7, "Ben")}, {"auth_date", UnixSeconds(kNow)}};
  absl::StatusOr<storage::TelegramProfile> who =
      HmacVerifier()->Verify(SignMiniAppHmac(minimal, kTestBotToken), kNow, kDay);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->telegram_id, 7);
  EXPECT_EQ(who->photo_url, "");
}

TEST(MiniAppVerifierTest, NonAsciiNamesArrivePercentEncodedAndVerify) {
  Fields fields = {{"user", WebAppUserJson(7, "Анна 🌸 + 1")}, {"auth_date", UnixSeconds(kNow)}};
  const std::string init_data = SignMiniAppHmac(fields, kTestBotToken);
  EXPECT_THAT(init_data, HasSubstr("%D0%90"));  // "А", percent-encoded UTF-8.
  absl::StatusOr<storage::TelegramProfile> who = HmacVerifier()->Verify(init_data, kNow, kDay);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->first_name, "Анна 🌸 + 1");
}

TEST(MiniAppVerifierTest, PlusIsReadAsASpace) {
  Fields fields = {{"user", WebAppUserJson(7, "Ben Bitdiddle")}, {"auth_date", UnixSeconds(kNow)}};
  std::string init_data = SignMiniAppHmac(fields, kTestBotToken);
  init_data = absl::StrReplaceAll(init_data, {{"%20", "+"}});
  absl::StatusOr<storage::TelegramProfile> who = HmacVerifier()->Verify(init_data, kNow, kDay);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->first_name, "Ben Bitdiddle");
}

TEST(MiniAppVerifierTest, TamperedFieldIsUnauthenticated) {
  std::string init_data = SignMiniAppHmac(LaunchFields(), kTestBotToken);
  init_data = absl::StrReplaceAll(init_data, {{"279058397", "279058398"}});
  absl::StatusOr<storage::TelegramProfile> who = HmacVerifier()->Verify(init_data, kNow, kDay);
  EXPECT_EQ(who.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(MiniAppVerifierTest, WrongBotTokenIsUnauthenticated) {
  const std::string init_data =
      SignMiniAppHmac(LaunchFields(), "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0");
  EXPECT_EQ(HmacVerifier()->Verify(init_data, kNow, kDay).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(MiniAppVerifierTest, WidgetStyleKeyDoesNotVerify) {
  // Same fields signed with the Login Widget's key (SHA-256 of the token):
  // the Mini App key differs, so widget data cannot pass as initData.
  std::map<std::string, std::string> widget = testing::SignWidget(LaunchFields(), kTestBotToken);
  const std::string init_data = EncodeInitData(Fields(widget.begin(), widget.end()));
  EXPECT_EQ(HmacVerifier()->Verify(init_data, kNow, kDay).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(MiniAppVerifierTest, MissingHashIsInvalidArgument) {
  absl::StatusOr<storage::TelegramProfile> who =
      HmacVerifier()->Verify(EncodeInitData(LaunchFields()), kNow, kDay);
  EXPECT_EQ(who.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(who.status().message(), "init_data.hash is required");
}

TEST(MiniAppVerifierTest, DuplicateFieldIsInvalidArgument) {
  const std::string init_data = SignMiniAppHmac(LaunchFields(), kTestBotToken) + "&auth_date=1";
  absl::StatusOr<storage::TelegramProfile> who = HmacVerifier()->Verify(init_data, kNow, kDay);
  EXPECT_EQ(who.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(who.status().message(), HasSubstr("\"auth_date\" twice"));
}

TEST(MiniAppVerifierTest, StaleOrFutureAuthDateIsUnauthenticated) {
  const auto verify = [](absl::Time auth_date) {
    return HmacVerifier()
        ->Verify(SignMiniAppHmac(LaunchFields(auth_date), kTestBotToken), kNow, kDay)
        .status();
  };
  EXPECT_EQ(verify(kNow - kDay - absl::Seconds(1)).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(verify(kNow + absl::Minutes(2)).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(verify(kNow - kDay).ok());
  EXPECT_TRUE(HmacVerifier()
                  ->Verify(SignMiniAppHmac(LaunchFields(kNow - 30 * kDay), kTestBotToken), kNow,
                           absl::ZeroDuration())
                  .ok());
}

TEST(MiniAppVerifierTest, UserThatIsNoWebAppUserIsInvalidArgument) {
  for (const char* user : {"not json", R"({"first_name":"NoId"})", R"({"id":7})"}) {
    Fields fields = {{"user", user}, {"auth_date", UnixSeconds(kNow)}};
    EXPECT_EQ(
        HmacVerifier()->Verify(SignMiniAppHmac(fields, kTestBotToken), kNow, kDay).status().code(),
        absl::StatusCode::kInvalidArgument)
        << user;
  }
  Fields no_user = {{"auth_date", UnixSeconds(kNow)}};
  EXPECT_EQ(HmacVerifier()
                ->Verify(SignMiniAppHmac(no_user, kTestBotToken), kNow, kDay)
                .status()
                .message(),
            "init_data.user is required");
}

TEST(MiniAppVerifierTest, Ed25519SignedInitDataGivesTheProfile) {
  TestEd25519Key telegram;
  Fields fields = LaunchFields();
  fields.emplace_back("hash", "not-checked-without-a-bot-token");
  absl::StatusOr<storage::TelegramProfile> who =
      Ed25519Verifier(telegram)->Verify(telegram.SignMiniApp(fields, kTestBotId), kNow, kDay);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->telegram_id, 279058397);
  EXPECT_EQ(Ed25519Verifier(telegram)->mode(), MiniAppVerifier::Mode::kEd25519);
}

TEST(MiniAppVerifierTest, Ed25519ForAnotherBotIsUnauthenticated) {
  TestEd25519Key telegram;
  const std::string init_data = telegram.SignMiniApp(LaunchFields(), kTestBotId + 1);
  absl::StatusOr<storage::TelegramProfile> who =
      Ed25519Verifier(telegram)->Verify(init_data, kNow, kDay);
  EXPECT_EQ(who.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(who.status().message(), HasSubstr("signature does not verify"));
}

TEST(MiniAppVerifierTest, Ed25519ByAnotherKeyOrTamperedIsUnauthenticated) {
  TestEd25519Key telegram, impostor;
  EXPECT_EQ(Ed25519Verifier(telegram)
                ->Verify(impostor.SignMiniApp(LaunchFields(), kTestBotId), kNow, kDay)
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
  std::string tampered = telegram.SignMiniApp(LaunchFields(), kTestBotId);
  tampered = absl::StrReplaceAll(tampered, {{"private", "group"}});
  EXPECT_EQ(Ed25519Verifier(telegram)->Verify(tampered, kNow, kDay).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(MiniAppVerifierTest, BadSignatureEncodingIsInvalidArgument) {
  TestEd25519Key telegram;
  for (const std::string& signature :
       {std::string("!!not-base64!!"), std::string("c2hvcnQ"),  // "short": 5 bytes.
        std::string(86, '+')}) {                                // Standard, not url-safe.
    Fields fields = LaunchFields();
    fields.emplace_back("signature", signature);
    absl::StatusOr<storage::TelegramProfile> who =
        Ed25519Verifier(telegram)->Verify(EncodeInitData(fields), kNow, kDay);
    EXPECT_EQ(who.status().code(), absl::StatusCode::kInvalidArgument) << signature;
    EXPECT_THAT(who.status().message(), HasSubstr("64 bytes in base64url"));
  }
}

TEST(MiniAppVerifierTest, MissingSignatureIsInvalidArgument) {
  TestEd25519Key telegram;
  EXPECT_EQ(Ed25519Verifier(telegram)
                ->Verify(SignMiniAppHmac(LaunchFields(), kTestBotToken), kNow, kDay)
                .status()
                .message(),
            "init_data.signature is required");
}

TEST(MiniAppVerifierTest, TelegramsPublishedKeysAreEd25519Keys) {
  for (absl::string_view hex : {kTelegramProductionEd25519KeyHex, kTelegramTestEd25519KeyHex}) {
    absl::StatusOr<std::unique_ptr<MiniAppVerifier>> verifier =
        MiniAppVerifier::Create({.bot_id = kTestBotId, .public_key = absl::HexStringToBytes(hex)});
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    // Our test key's signature is not Telegram's.
    TestEd25519Key ours;
    EXPECT_EQ((*verifier)
                  ->Verify(ours.SignMiniApp(LaunchFields(), kTestBotId), kNow, kDay)
                  .status()
                  .code(),
              absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ((*MiniAppVerifier::Create({.bot_id = kTestBotId}))->mode(),
            MiniAppVerifier::Mode::kEd25519);  // Production key by default.
  EXPECT_FALSE(MiniAppVerifier::Create({.bot_id = kTestBotId, .public_key = "short"}).ok());
}

TEST(MiniAppVerifierTest, WithNeitherTokenNorBotIdMiniAppSignInIsOff) {
  absl::StatusOr<storage::TelegramProfile> who =
      (*MiniAppVerifier::Create({}))
          ->Verify(SignMiniAppHmac(LaunchFields(), kTestBotToken), kNow, kDay);
  EXPECT_EQ(who.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ParseInitDataTest, SkipsEmptyPiecesAndDecodesNamesAndValues) {
  absl::StatusOr<SignedFields> fields = ParseInitData("a=1&&b=x%3Dy%26z&c&d=");
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(*fields, (SignedFields{{"a", "1"}, {"b", "x=y&z"}, {"c", ""}, {"d", ""}}));
}

TEST(ParseInitDataTest, FieldNameThatIsNoTelegramNameIsInvalidArgument) {
  EXPECT_EQ(ParseInitData("Hash=1").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseInitData("a%0Ab=1").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseInitData("=1").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseInitDataTest, OversizedInitDataIsInvalidArgument) {
  EXPECT_EQ(HmacVerifier()->Verify(std::string(9000, 'a'), kNow, kDay).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tgauth

namespace tgauth {
namespace {

TEST(MiniAppOptionsForTest, TakesTheBotIdFromTheTokenUnlessGiven) {
  EXPECT_EQ(MiniAppOptionsFor("123456:secret", 0, false).bot_id, 123456);
  EXPECT_EQ(MiniAppOptionsFor("123456:secret", 42, false).bot_id, 42);
  EXPECT_EQ(MiniAppOptionsFor("", 0, false).bot_id, 0);
}

TEST(MiniAppOptionsForTest, UsesTelegramsTestKeyOnlyInTheTestEnvironment) {
  EXPECT_TRUE(MiniAppOptionsFor("", 42, false).public_key.empty());  // Production default.
  EXPECT_EQ(MiniAppOptionsFor("", 42, true).public_key.size(), 32u);
}

}  // namespace
}  // namespace tgauth
