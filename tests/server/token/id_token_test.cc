#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/token/id_token_signer.h"
#include "server/token/jwt_verifier.h"
#include "server/token/signing_key.h"

namespace tgauth {
namespace {

using ::google::protobuf::Struct;
using ::testing::ElementsAre;

class IdTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = *SigningKey::Generate();
    *jwks_.add_keys() = key_->public_jwk();
  }

  // The verified claims of a token signed for `claims`.
  Struct SignAndVerify(const IdTokenClaims& claims) {
    IdTokenSigner signer("https://auth.example", *key_);
    absl::StatusOr<std::string> token = signer.Sign(claims);
    EXPECT_TRUE(token.ok()) << token.status();
    absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(token.ok() ? *token : "", jwks_);
    EXPECT_TRUE(jwt.ok()) << jwt.status();
    return jwt.ok() ? jwt->claims : Struct();
  }

  static IdTokenClaims Claims() {
    return {.user_id = "user-1",
            .client_id = "my-app",
            .session_id = "session-1",
            .telegram_id = 7000000001,
            .issued_at = absl::FromUnixSeconds(1800000600),
            .expires_at = absl::FromUnixSeconds(1800001200),
            .auth_time = absl::FromUnixSeconds(1800000000)};
  }

  std::unique_ptr<SigningKey> key_;
  v1::GetJwksResponse jwks_;
};

std::string String(const Struct& s, const char* name) { return s.fields().at(name).string_value(); }
double Number(const Struct& s, const char* name) { return s.fields().at(name).number_value(); }

TEST_F(IdTokenTest, CarriesTheRequiredClaimsForTheClient) {
  // OpenID Connect Core 1.0 section 2: iss, sub, aud, exp, iat; auth_time
  // is the sign-in's, not the token's.
  Struct claims = SignAndVerify(Claims());
  EXPECT_EQ(String(claims, "iss"), "https://auth.example");
  EXPECT_EQ(String(claims, "sub"), "user-1");
  EXPECT_EQ(String(claims, "aud"), "my-app");
  EXPECT_EQ(String(claims, "sid"), "session-1");
  EXPECT_EQ(Number(claims, "iat"), 1800000600);
  EXPECT_EQ(Number(claims, "exp"), 1800001200);
  EXPECT_EQ(Number(claims, "auth_time"), 1800000000);
  EXPECT_EQ(Number(claims, "telegram_id"), 7000000001);
}

TEST_F(IdTokenTest, NonceAmrAndProfileOnlyWhenGiven) {
  Struct bare = SignAndVerify(Claims());
  for (const char* absent : {"nonce", "amr", "name", "preferred_username", "picture"}) {
    EXPECT_FALSE(bare.fields().contains(absent)) << absent;
  }

  IdTokenClaims full = Claims();
  full.nonce = "n-0S6_WzA2Mj";
  full.amr = {"user", "mfa"};
  full.profile = IdTokenProfile{.name = "Ada Lovelace", .preferred_username = "ada_l"};
  Struct claims = SignAndVerify(full);
  EXPECT_EQ(String(claims, "nonce"), "n-0S6_WzA2Mj");
  std::vector<std::string> amr;
  for (const auto& v : claims.fields().at("amr").list_value().values()) {
    amr.push_back(v.string_value());
  }
  EXPECT_THAT(amr, ElementsAre("user", "mfa"));
  EXPECT_EQ(String(claims, "name"), "Ada Lovelace");
  EXPECT_EQ(String(claims, "preferred_username"), "ada_l");
  EXPECT_FALSE(claims.fields().contains("picture"));  // No photo: omitted, not "".
}

}  // namespace
}  // namespace tgauth
