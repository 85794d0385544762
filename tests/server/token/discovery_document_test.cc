#include "server/token/discovery_document.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::Contains;

TEST(DiscoveryDocumentTest, NamesTheIssuerTheJwksAndWhatTokensCarry) {
  const v1::OpenIdConfiguration doc =
      DiscoveryDocument("https://auth.example", "https://login.example/");
  EXPECT_EQ(doc.issuer(), "https://auth.example");
  EXPECT_EQ(doc.jwks_uri(), "https://login.example/.well-known/jwks.json");
  EXPECT_THAT(doc.id_token_signing_alg_values_supported(), Contains("ES256"));
  for (const char* claim : {"iss", "aud", "sub", "sid", "iat", "exp"}) {
    EXPECT_THAT(doc.claims_supported(), Contains(claim));
  }
}

}  // namespace
}  // namespace tgauth
