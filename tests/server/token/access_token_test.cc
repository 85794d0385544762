#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/token/access_token_signer.h"
#include "server/token/jwt_verifier.h"
#include "server/token/signing_key.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

class AccessTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = *SigningKey::Generate();
    *jwks_.add_keys() = key_->public_jwk();
  }

  std::string Sign() {
    AccessTokenSigner signer("https://auth.example", "tgauth", *key_);
    return *signer.Sign({.user_id = "user-1",
                         .session_id = "session-1",
                         .telegram_id = 7000000001,
                         .issued_at = absl::FromUnixSeconds(1800000000),
                         .expires_at = absl::FromUnixSeconds(1800000900)});
  }

  std::unique_ptr<SigningKey> key_;
  v1::GetJwksResponse jwks_;
};

double Number(const google::protobuf::Struct& s, const char* name) {
  return s.fields().at(name).number_value();
}
std::string String(const google::protobuf::Struct& s, const char* name) {
  return s.fields().at(name).string_value();
}

TEST_F(AccessTokenTest, SignedTokenVerifiesAndCarriesTheClaims) {
  absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(Sign(), jwks_);
  ASSERT_TRUE(jwt.ok()) << jwt.status();
  EXPECT_EQ(String(jwt->header, "alg"), "ES256");
  EXPECT_EQ(String(jwt->header, "kid"), key_->kid());
  EXPECT_EQ(String(jwt->claims, "iss"), "https://auth.example");
  EXPECT_EQ(String(jwt->claims, "aud"), "tgauth");
  EXPECT_EQ(String(jwt->claims, "sub"), "user-1");
  EXPECT_EQ(String(jwt->claims, "sid"), "session-1");
  EXPECT_EQ(Number(jwt->claims, "iat"), 1800000000);
  EXPECT_EQ(Number(jwt->claims, "exp"), 1800000900);
  EXPECT_EQ(Number(jwt->claims, "telegram_id"), 7000000001);
}

TEST_F(AccessTokenTest, PayloadPrintsIntegersWithoutExponent) {
  std::vector<std::string> parts = absl::StrSplit(Sign(), '.');
  std::string payload;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &payload));
  EXPECT_THAT(payload, HasSubstr("\"exp\":1800000900"));
  EXPECT_THAT(payload, HasSubstr("\"telegram_id\":7000000001"));
}

TEST_F(AccessTokenTest, TamperedPayloadIsRejected) {
  std::vector<std::string> parts = absl::StrSplit(Sign(), '.');
  std::string forged;
  absl::WebSafeBase64Escape(R"({"sub":"admin"})", &forged);
  absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(parts[0] + "." + forged + "." + parts[2], jwks_);
  EXPECT_EQ(jwt.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(AccessTokenTest, TokenFromAnotherKeyIsRejectedAsUnknownKid) {
  v1::GetJwksResponse other;
  *other.add_keys() = (*SigningKey::Generate())->public_jwk();
  absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(Sign(), other);
  EXPECT_EQ(jwt.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(jwt.status().message(), HasSubstr("unknown kid"));
}

TEST_F(AccessTokenTest, GarbageIsRejected) {
  for (const char* token : {"", "a.b", "a.b.c", "!!.??.**"}) {
    EXPECT_EQ(VerifyEs256Jwt(token, jwks_).status().code(), absl::StatusCode::kUnauthenticated)
        << token;
  }
}

TEST(SigningKeyTest, KidIsAStableThumbprintOfThePublicKey) {
  std::unique_ptr<SigningKey> key = *SigningKey::Generate();
  EXPECT_EQ(key->kid().size(), 43u);
  EXPECT_EQ(key->public_jwk().kty(), "EC");
  EXPECT_EQ(key->public_jwk().crv(), "P-256");
  EXPECT_NE(key->kid(), (*SigningKey::Generate())->kid());
}

TEST(SigningKeyTest, PemRoundTripKeepsTheKid) {
  // A fixed P-256 test key (never used outside tests).
  constexpr char kPem[] = R"(-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIPjA37RvMMd+qfU1+1+B+Y7xrrxYaR5fA8QrKY/x4td2oAoGCCqGSM49
AwEHoUQDQgAEGqcYr383bfzupmgE7gog8bkUEMx9zqossR1POb79qFmL7Wy0q5u2
rojtEfFamZYTj31kuaJ0sxDn8NE1/8yNTQ==
-----END EC PRIVATE KEY-----
)";
  absl::StatusOr<std::unique_ptr<SigningKey>> a = SigningKey::FromPem(kPem);
  absl::StatusOr<std::unique_ptr<SigningKey>> b = SigningKey::FromPem(kPem);
  if (!a.ok()) GTEST_FAIL() << a.status();
  EXPECT_EQ((*a)->kid(), (*b)->kid());
}

TEST(SigningKeyTest, NonKeyPemIsInvalidArgument) {
  EXPECT_EQ(SigningKey::FromPem("not a key").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tgauth
