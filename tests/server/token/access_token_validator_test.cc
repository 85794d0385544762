// AccessTokenValidator: every refusal has its own reason, key rotation keeps
// old tokens valid, and a revoked session fails (closed, when in doubt).
#include "server/token/access_token_validator.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

constexpr char kIssuer[] = "https://auth.example";
constexpr char kAudience[] = "tgauth";

// A fresh P-256 private key in PEM, as `openssl ecparam -genkey` writes it.
std::string NewPem() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, len);
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

class AccessTokenValidatorTest : public ::testing::Test {
 protected:
  AccessTokenValidatorTest() { revoked_.MarkFresh(clock_.Now()); }

  static std::unique_ptr<KeyRing> TwoKeys() {
    std::vector<std::unique_ptr<SigningKey>> keys;
    keys.push_back(*SigningKey::Generate());  // Old.
    keys.push_back(*SigningKey::Generate());  // Newest: signs.
    return *KeyRing::Create(std::move(keys));
  }

  AccessTokenClaims Claims() const {
    return {.user_id = "user-1",
            .session_id = "session-1",
            .telegram_id = 7000000001,
            .issued_at = clock_.Now(),
            .expires_at = clock_.Now() + absl::Minutes(15)};
  }

  std::string Sign(const SigningKey& key, const AccessTokenClaims& claims,
                   const std::string& issuer = kIssuer,
                   const std::string& audience = kAudience) const {
    return *AccessTokenSigner(issuer, audience, key).Sign(claims);
  }
  std::string Sign() const { return Sign(keys_->signing_key(), Claims()); }

  // A token of the newest key whose payload is `payload_json` as given,
  // for claims AccessTokenSigner never writes.
  std::string SignPayload(const std::string& payload_json, const std::string& typ = "JWT") const {
    const SigningKey& key = keys_->signing_key();
    const std::string signing_input =
        absl::StrCat(absl::WebSafeBase64Escape(absl::StrCat(R"({"alg":"ES256","typ":")", typ,
                                                            R"(","kid":")", key.kid(), R"("})")),
                     ".", absl::WebSafeBase64Escape(payload_json));
    return absl::StrCat(signing_input, ".", absl::WebSafeBase64Escape(*key.Sign(signing_input)));
  }

  absl::StatusOr<AccessTokenClaims> Validate(const std::string& token) const {
    return validator_.Validate(token);
  }

  FakeClock clock_;
  std::unique_ptr<KeyRing> keys_ = TwoKeys();
  RevokedSessions revoked_;
  AccessTokenValidator validator_{kIssuer, kAudience, *keys_, revoked_, clock_};
};

void ExpectRefused(const absl::StatusOr<AccessTokenClaims>& claims, const char* reason) {
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.status().code(), absl::StatusCode::kUnauthenticated) << claims.status();
  EXPECT_THAT(claims.status().message(), HasSubstr(reason));
}

TEST_F(AccessTokenValidatorTest, ValidTokenYieldsItsClaims) {
  absl::StatusOr<AccessTokenClaims> claims = Validate(Sign());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->user_id, "user-1");
  EXPECT_EQ(claims->session_id, "session-1");
  EXPECT_EQ(claims->telegram_id, 7000000001);
  EXPECT_EQ(claims->expires_at, clock_.Now() + absl::Minutes(15));
}

TEST_F(AccessTokenValidatorTest, TokenSignedByAnOlderKeyOfTheRingStillValidates) {
  const SigningKey* old_key = nullptr;
  for (const v1::JsonWebKey& jwk : keys_->jwks().keys()) {
    if (jwk.kid() != keys_->signing_key().kid()) old_key = keys_->Find(jwk.kid());
  }
  ASSERT_NE(old_key, nullptr);
  EXPECT_TRUE(Validate(Sign(*old_key, Claims())).ok());
}

TEST_F(AccessTokenValidatorTest, JwksListsEveryKeyNewestFirst) {
  ASSERT_EQ(keys_->jwks().keys_size(), 2);
  EXPECT_EQ(keys_->jwks().keys(0).kid(), keys_->signing_key().kid());
}

TEST(KeyRingTest, RefusesTheSameKeyTwiceAndAnEmptyRing) {
  const std::string pem = NewPem();
  std::vector<std::unique_ptr<SigningKey>> keys;
  keys.push_back(*SigningKey::FromPem(pem));
  keys.push_back(*SigningKey::FromPem(pem));
  EXPECT_EQ(KeyRing::Create(std::move(keys)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(KeyRing::Create({}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AccessTokenValidatorTest, TokenFromAnUnknownKeyIsRefused) {
  std::unique_ptr<SigningKey> stranger = *SigningKey::Generate();
  ExpectRefused(Validate(Sign(*stranger, Claims())), "unknown kid");
}

TEST_F(AccessTokenValidatorTest, TamperedPayloadIsRefused) {
  std::vector<std::string> parts = absl::StrSplit(Sign(), '.');
  std::string payload;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &payload));
  payload.replace(payload.find("user-1"), 6, "user-2");
  absl::WebSafeBase64Escape(payload, &parts[1]);
  ExpectRefused(Validate(absl::StrJoin(parts, ".")), "signature does not verify");
}

TEST_F(AccessTokenValidatorTest, MalformedTokensAreRefused) {
  ExpectRefused(Validate(""), "empty");
  ExpectRefused(Validate("not-a-jwt"), "three parts");
  ExpectRefused(Validate(std::string(5000, 'a')), "too long");
}

TEST_F(AccessTokenValidatorTest, NumbersOutsideTheirRangeAreRefused) {
  const std::string claims =
      R"("iss":"https://auth.example","aud":"tgauth","sub":"user-1","sid":"session-1")";
  EXPECT_TRUE(Validate(SignPayload(absl::StrCat("{", claims, R"(,"exp":1800000600.5})"))).ok());
  // A cast of these to int64 is undefined behaviour.
  ExpectRefused(Validate(SignPayload(absl::StrCat("{", claims, R"(,"exp":1e308})"))),
                "exp, iat or nbf is not a NumericDate");
  ExpectRefused(
      Validate(SignPayload(absl::StrCat("{", claims, R"(,"exp":1800000600,"iat":-1e19})"))),
      "exp, iat or nbf is not a NumericDate");
  ExpectRefused(
      Validate(SignPayload(absl::StrCat("{", claims, R"(,"exp":1800000600,"nbf":"soon"})"))),
      "exp, iat or nbf is not a NumericDate");
  ExpectRefused(
      Validate(SignPayload(absl::StrCat("{", claims, R"(,"exp":1800000600,"telegram_id":1e19})"))),
      "telegram_id is not a whole number");
  ExpectRefused(
      Validate(SignPayload(absl::StrCat("{", claims, R"(,"exp":1800000600,"telegram_id":7.5})"))),
      "telegram_id is not a whole number");
}

TEST_F(AccessTokenValidatorTest, WrongIssuerOrAudienceIsRefused) {
  ExpectRefused(Validate(Sign(keys_->signing_key(), Claims(), "https://evil.example")),
                "wrong issuer");
  ExpectRefused(Validate(Sign(keys_->signing_key(), Claims(), kIssuer, "other-service")),
                "wrong audience");
}

TEST_F(AccessTokenValidatorTest, AnAppsRfc9068TokenIsValidOnlyWhereAppTokensAre) {
  AccessTokenClaims claims = Claims();
  claims.client_id = "shop";
  claims.scope = "openid";
  claims.auth_time = clock_.Now() - absl::Minutes(1);
  const std::string token = Sign(keys_->signing_key(), claims);
  ExpectRefused(Validate(token), "wrong audience");
  absl::StatusOr<AccessTokenClaims> issued = validator_.ValidateIssued(token);
  ASSERT_TRUE(issued.ok()) << issued.status();
  EXPECT_EQ(issued->client_id, "shop");
  EXPECT_EQ(issued->scope, "openid");
  EXPECT_EQ(issued->auth_time, clock_.Now() - absl::Minutes(1));
  EXPECT_EQ(issued->jwt_id.size(), 43u);
  // A first-party token passes both.
  EXPECT_TRUE(validator_.ValidateIssued(Sign()).ok());
  EXPECT_TRUE(validator_.ValidateIssued(Sign())->client_id.empty());
}

TEST_F(AccessTokenValidatorTest, AnAppTokenMustBeTypedForTheClientItNames) {
  const std::string app =
      R"("iss":"https://auth.example","sub":"user-1","sid":"session-1","exp":1800000600,)"
      R"("client_id":"shop","scope":"openid","jti":"j-1","auth_time":1800000000)";
  EXPECT_TRUE(
      validator_.ValidateIssued(SignPayload(absl::StrCat("{", app, R"(,"aud":"shop"})"), "at+jwt"))
          .ok());
  // For another audience than its client.
  ExpectRefused(validator_.ValidateIssued(
                    SignPayload(absl::StrCat("{", app, R"(,"aud":"other"})"), "at+jwt")),
                "wrong audience");
  // Not typed at+jwt, as an ID token for the client is not (RFC 8725
  // section 3.11).
  ExpectRefused(validator_.ValidateIssued(SignPayload(absl::StrCat("{", app, R"(,"aud":"shop"})"))),
                "wrong audience");
  // Without the claims RFC 9068 section 2.2 requires.
  ExpectRefused(validator_.ValidateIssued(SignPayload(
                    R"({"iss":"https://auth.example","aud":"shop","sub":"user-1","sid":"s",)"
                    R"("exp":1800000600,"client_id":"shop"})",
                    "at+jwt")),
                "client_id, scope, jti or auth_time claim missing");
}

TEST_F(AccessTokenValidatorTest, ExpiredTokenIsRefusedFromItsExpiryOn) {
  const std::string token = Sign();
  clock_.Advance(absl::Minutes(15) - absl::Seconds(1));
  revoked_.MarkFresh(clock_.Now());
  EXPECT_TRUE(Validate(token).ok());
  clock_.Advance(absl::Seconds(1));
  revoked_.MarkFresh(clock_.Now());
  ExpectRefused(Validate(token), "expired");
}

TEST_F(AccessTokenValidatorTest, TokenIssuedInTheFutureBeyondLeewayIsRefused) {
  AccessTokenClaims claims = Claims();
  claims.issued_at = clock_.Now() + absl::Seconds(31);
  ExpectRefused(Validate(Sign(keys_->signing_key(), claims)), "nbf or iat is in the future");
  claims.issued_at = clock_.Now() + absl::Seconds(30);
  EXPECT_TRUE(Validate(Sign(keys_->signing_key(), claims)).ok());
}

TEST_F(AccessTokenValidatorTest, TokenBeforeItsNotBeforeTimeIsRefused) {
  AccessTokenClaims claims = Claims();
  claims.not_before = clock_.Now() + absl::Minutes(1);
  const std::string token = Sign(keys_->signing_key(), claims);
  ExpectRefused(Validate(token), "not valid yet");
  clock_.Advance(absl::Seconds(30));
  revoked_.MarkFresh(clock_.Now());
  EXPECT_TRUE(Validate(token).ok());
}

TEST_F(AccessTokenValidatorTest, RevocationAppliesToATokenAlreadyValidated) {
  const std::string token = Sign();
  ASSERT_TRUE(Validate(token).ok());  // Now cached as verified.
  revoked_.Add("session-1", clock_.Now() + absl::Minutes(16));
  ExpectRefused(Validate(token), "the session has been revoked");
}

TEST_F(AccessTokenValidatorTest, ExpiryAppliesToATokenAlreadyValidated) {
  const std::string token = Sign();
  ASSERT_TRUE(Validate(token).ok());
  clock_.Advance(absl::Minutes(15));
  revoked_.MarkFresh(clock_.Now());
  ExpectRefused(Validate(token), "expired");
}

TEST(VerifiedTokenCacheTest, FullShardDropsExpiredEntriesFirst) {
  VerifiedTokenCache cache(/*capacity=*/16);  // One entry per shard.
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  const std::string a(32, '\x00'), b = std::string(1, '\x10') + std::string(31, 'b');
  ASSERT_EQ(static_cast<unsigned char>(b[0]) % 16, 0);  // Same shard as `a`.
  cache.Insert(a, {.session_id = "a", .expires_at = now + absl::Minutes(1)}, now);
  cache.Insert(b, {.session_id = "b", .expires_at = now + absl::Minutes(1)}, now);
  // Both fit: capacity 16 / 16 shards + 1 = 2 per shard.
  EXPECT_TRUE(cache.Find(a).has_value());
  const std::string c = std::string(1, '\x20') + std::string(31, 'c');
  cache.Insert(c, {.session_id = "c", .expires_at = now + absl::Minutes(2)},
               now + absl::Minutes(1));
  EXPECT_FALSE(cache.Find(a).has_value());  // Expired: dropped to make room.
  EXPECT_FALSE(cache.Find(b).has_value());
  EXPECT_EQ(cache.Find(c)->session_id, "c");
}

TEST_F(AccessTokenValidatorTest, RevokedSessionIsRefused) {
  const std::string token = Sign();
  revoked_.Add("session-1", clock_.Now() + absl::Minutes(16));
  ExpectRefused(Validate(token), "the session has been revoked");
}

TEST_F(AccessTokenValidatorTest, StaleRevocationListFailsClosed) {
  const std::string token = Sign();
  clock_.Advance(absl::Milliseconds(1001));
  absl::StatusOr<AccessTokenClaims> claims = Validate(token);
  EXPECT_EQ(claims.status().code(), absl::StatusCode::kUnavailable) << claims.status();
  revoked_.MarkFresh(clock_.Now());
  EXPECT_TRUE(Validate(token).ok());
}

}  // namespace
}  // namespace tgauth
