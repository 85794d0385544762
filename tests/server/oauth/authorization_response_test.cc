#include "server/oauth/authorization_response.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(AuthorizationResponseTest, TheCodeStateAndIssuerJoinTheRedirectUri) {
  // RFC 6749 section 4.1.2's example, plus RFC 9207's iss.
  EXPECT_EQ(AuthorizationCodeRedirect("https://client.example.com/cb", "SplxlOBeZQQYbYS6WxSbIA",
                                      "xyz", "https://auth.example"),
            "https://client.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz"
            "&iss=https%3A%2F%2Fauth.example");
}

TEST(AuthorizationResponseTest, AQueryTheUriHasIsKeptAndNoStateIsSentWhenNoneCame) {
  EXPECT_EQ(AuthorizationCodeRedirect("https://a.test/cb?tenant=1", "c0de", "", "https://i.test"),
            "https://a.test/cb?tenant=1&code=c0de&iss=https%3A%2F%2Fi.test");
}

TEST(AuthorizationResponseTest, TheClientsStateComesBackExactlyHoweverItIsSpelt) {
  // A state holding the query's own delimiters must not add parameters.
  EXPECT_EQ(AuthorizationCodeRedirect("https://a.test/cb", "c", "a b&code=evil#x", "i"),
            "https://a.test/cb?code=c&state=a+b%26code%3Devil%23x&iss=i");
}

TEST(AuthorizationResponseTest, AnErrorCarriesItsCodeDescriptionStateAndIssuer) {
  EXPECT_EQ(AuthorizationErrorRedirect("https://a.test/cb", "invalid_request",
                                       "code_challenge is required (PKCE)", "s1", "i"),
            "https://a.test/cb?error=invalid_request"
            "&error_description=code_challenge+is+required+%28PKCE%29&state=s1&iss=i");
  EXPECT_EQ(AuthorizationErrorRedirect("https://a.test/cb", "login_required", "", "", "i"),
            "https://a.test/cb?error=login_required&iss=i");
}

}  // namespace
}  // namespace tgauth
