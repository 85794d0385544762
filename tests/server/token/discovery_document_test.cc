#include "server/token/discovery_document.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

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

// A stock OpenID Connect client trusts the document: a grant or a token
// endpoint authentication method listed without a token endpoint makes it
// fail after discovery, so neither is listed until the endpoint exists.
TEST(DiscoveryDocumentTest, ListsNoGrantNorTokenEndpointAuthWithoutATokenEndpoint) {
  const v1::OpenIdConfiguration doc =
      DiscoveryDocument("https://auth.example", "https://login.example");
  EXPECT_THAT(doc.grant_types_supported(), IsEmpty());
  EXPECT_THAT(doc.token_endpoint_auth_methods_supported(), IsEmpty());
}

// OpenID Connect Discovery 1.0 section 3 REQUIRES subject_types_supported;
// `sub` is the tgauth user id whichever client asks, so subjects are public.
TEST(DiscoveryDocumentTest, SubjectsArePublic) {
  const v1::OpenIdConfiguration doc =
      DiscoveryDocument("https://auth.example", "https://login.example");
  EXPECT_THAT(doc.subject_types_supported(), ElementsAre("public"));
}

}  // namespace
}  // namespace tgauth
