#include "server/oauth/discovery_document.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

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

// A stock OpenID Connect client trusts the document: it lists the
// endpoints the gateway serves and only the flow tgauth implements, the
// authorization code flow with PKCE S256 (OAuth 2.1), with every field RFC
// 8414 section 2 and OpenID Connect Discovery 1.0 section 3 REQUIRE.
TEST(DiscoveryDocumentTest, ListsTheAuthorizationCodeFlowWithItsEndpoints) {
  const v1::OpenIdConfiguration doc =
      DiscoveryDocument("https://auth.example", "https://login.example/");
  EXPECT_EQ(doc.authorization_endpoint(), "https://login.example/oauth2/authorize");
  EXPECT_EQ(doc.token_endpoint(), "https://login.example/oauth2/token");
  EXPECT_EQ(doc.userinfo_endpoint(), "https://login.example/oauth2/userinfo");
  EXPECT_EQ(doc.revocation_endpoint(), "https://login.example/oauth2/revoke");
  EXPECT_THAT(doc.response_types_supported(), ElementsAre("code"));
  EXPECT_THAT(doc.response_modes_supported(), ElementsAre("query"));
  EXPECT_THAT(doc.grant_types_supported(), ElementsAre("authorization_code", "refresh_token"));
  EXPECT_THAT(doc.code_challenge_methods_supported(), ElementsAre("S256"));
  EXPECT_THAT(doc.scopes_supported(), ElementsAre("openid", "profile"));
  EXPECT_THAT(doc.token_endpoint_auth_methods_supported(),
              ElementsAre("client_secret_basic", "client_secret_post", "none"));
  EXPECT_TRUE(doc.authorization_response_iss_parameter_supported());
}

// RFC 7662 section 2.1: only an authenticated (confidential) client may
// introspect, so "none" is no method there.
TEST(DiscoveryDocumentTest, ListsIntrospectionForConfidentialClientsOnly) {
  const v1::OpenIdConfiguration doc =
      DiscoveryDocument("https://auth.example", "https://login.example/");
  EXPECT_EQ(doc.introspection_endpoint(), "https://login.example/oauth2/introspect");
  EXPECT_THAT(doc.introspection_endpoint_auth_methods_supported(),
              ElementsAre("client_secret_basic", "client_secret_post"));
}

// OpenID Connect Discovery 1.0 section 3 REQUIRES subject_types_supported;
// `sub` is the tgauth user id whichever client asks, so subjects are public.
TEST(DiscoveryDocumentTest, SubjectsArePublic) {
  const v1::OpenIdConfiguration doc =
      DiscoveryDocument("https://auth.example", "https://login.example");
  EXPECT_THAT(doc.subject_types_supported(), ElementsAre("public"));
}

// OpenID Connect RP-Initiated Logout 1.0 section 2.1 and Back-Channel
// Logout 1.0 section 2.1: the logout endpoint, and logout tokens with `sid`.
TEST(DiscoveryDocumentTest, ListsRpInitiatedAndBackChannelLogout) {
  const v1::OpenIdConfiguration doc =
      DiscoveryDocument("https://auth.example", "https://login.example/");
  EXPECT_EQ(doc.end_session_endpoint(), "https://login.example/oauth2/logout");
  EXPECT_TRUE(doc.backchannel_logout_supported());
  EXPECT_TRUE(doc.backchannel_logout_session_supported());
}

}  // namespace
}  // namespace tgauth
