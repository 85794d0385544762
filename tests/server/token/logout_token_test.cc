// Logout tokens (OpenID Connect Back-Channel Logout 1.0 section 2.4): the
// claims a client validates (section 2.6), the typ, and a fresh jti per
// token, checked by verifying each token against the JWKS.
#include <google/protobuf/struct.pb.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/token/jwt_verifier.h"
#include "server/token/logout_token_signer.h"
#include "server/token/signing_key.h"

namespace tgauth {
namespace {

using ::google::protobuf::Struct;

class LogoutTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = *SigningKey::Generate();
    *jwks_.add_keys() = key_->public_jwk();
  }

  VerifiedJwt SignAndVerify(const LogoutTokenClaims& claims) {
    LogoutTokenSigner signer("https://auth.example", *key_);
    absl::StatusOr<std::string> token = signer.Sign(claims);
    EXPECT_TRUE(token.ok()) << token.status();
    absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(token.ok() ? *token : "", jwks_);
    EXPECT_TRUE(jwt.ok()) << jwt.status();
    return jwt.ok() ? *jwt : VerifiedJwt();
  }

  static LogoutTokenClaims Claims() {
    return {.user_id = "user-1",
            .client_id = "my-app",
            .session_id = "session-1",
            .issued_at = absl::FromUnixSeconds(1800000600) + absl::Milliseconds(700)};
  }

  std::unique_ptr<SigningKey> key_;
  v1::GetJwksResponse jwks_;
};

std::string String(const Struct& s, const char* name) { return s.fields().at(name).string_value(); }
double Number(const Struct& s, const char* name) { return s.fields().at(name).number_value(); }

TEST_F(LogoutTokenTest, CarriesTheClaimsSection24Requires) {
  const Struct claims = SignAndVerify(Claims()).claims;
  EXPECT_EQ(String(claims, "iss"), "https://auth.example");
  EXPECT_EQ(String(claims, "aud"), "my-app");
  EXPECT_EQ(String(claims, "sub"), "user-1");
  EXPECT_EQ(String(claims, "sid"), "session-1");
  EXPECT_EQ(Number(claims, "iat"), 1800000600);  // Whole seconds.
  EXPECT_EQ(Number(claims, "exp"), 1800000600 + 120);
  EXPECT_EQ(String(claims, "jti").size(), 43u);
}

TEST_F(LogoutTokenTest, EventsHoldsTheBackchannelLogoutMemberAsAnEmptyObject) {
  const Struct claims = SignAndVerify(Claims()).claims;
  const Struct& events = claims.fields().at("events").struct_value();
  ASSERT_EQ(events.fields().size(), 1u);
  const auto& member = events.fields().at("http://schemas.openid.net/event/backchannel-logout");
  EXPECT_TRUE(member.has_struct_value());
  EXPECT_TRUE(member.struct_value().fields().empty());
}

TEST_F(LogoutTokenTest, HasNoNonceAndIsTypedLogoutJwt) {
  const VerifiedJwt jwt = SignAndVerify(Claims());
  EXPECT_FALSE(jwt.claims.fields().contains("nonce"));  // Section 2.4 prohibits it.
  EXPECT_EQ(String(jwt.header, "typ"), "logout+jwt");
  EXPECT_EQ(String(jwt.header, "alg"), "ES256");
  EXPECT_EQ(String(jwt.header, "kid"), key_->kid());
}

TEST_F(LogoutTokenTest, EveryTokenHasItsOwnJti) {
  EXPECT_NE(String(SignAndVerify(Claims()).claims, "jti"),
            String(SignAndVerify(Claims()).claims, "jti"));
}

TEST_F(LogoutTokenTest, ATokenSignedByAnotherKeyDoesNotVerify) {
  std::unique_ptr<SigningKey> other = *SigningKey::Generate();
  absl::StatusOr<std::string> token =
      LogoutTokenSigner("https://auth.example", *other).Sign(Claims());
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(absl::IsUnauthenticated(VerifyEs256Jwt(*token, jwks_).status()));
}

}  // namespace
}  // namespace tgauth
