#include "gateway/cors_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tgauth::gateway {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::_;

// Credentials: an allowed same-site app may refresh with the session cookie;
// Date: the SDK counts a login down on the server's clock.
TEST(CorsPolicyTest, AllowedOriginGetsAllowOriginCredentialsDateAndVary) {
  CorsPolicy cors("https://app.example, http://localhost:3000");
  EXPECT_THAT(cors.ResponseHeaders("http://localhost:3000"),
              ElementsAre(Pair("Access-Control-Allow-Origin", "http://localhost:3000"),
                          Pair("Access-Control-Allow-Credentials", "true"),
                          Pair("Access-Control-Expose-Headers", "Date"),
                          Pair("Vary", "Origin")));
}

TEST(CorsPolicyTest, OtherOriginsGetNoAllowOrigin) {
  CorsPolicy cors("https://app.example");
  EXPECT_THAT(cors.ResponseHeaders("https://evil.example"), ElementsAre(Pair("Vary", "Origin")));
  EXPECT_THAT(cors.ResponseHeaders(""), ElementsAre(Pair("Vary", "Origin")));
}

TEST(CorsPolicyTest, OriginsMatchExactly) {
  CorsPolicy cors("https://app.example");
  EXPECT_TRUE(cors.Allows("https://app.example"));
  EXPECT_FALSE(cors.Allows("https://app.example/"));
  EXPECT_FALSE(cors.Allows("https://APP.example"));
  EXPECT_FALSE(cors.Allows("https://app.example.evil"));
  EXPECT_FALSE(cors.Allows("http://app.example"));
}

TEST(CorsPolicyTest, EmptyAllowListSendsNoCorsHeaders) {
  CorsPolicy cors("");
  EXPECT_FALSE(cors.Allows(""));
  EXPECT_THAT(cors.ResponseHeaders("https://app.example"), IsEmpty());
  EXPECT_THAT(cors.Preflight("https://app.example", "GET").headers, IsEmpty());
}

TEST(CorsPolicyTest, PreflightFromAllowedOriginListsMethodsAndHeaders) {
  CorsPolicy cors("https://app.example");
  HttpResponse preflight = cors.Preflight("https://app.example", "GET, OPTIONS");
  EXPECT_EQ(preflight.status, 204);
  EXPECT_THAT(preflight.headers, Contains(Pair("Access-Control-Allow-Methods", "GET, OPTIONS")));
  EXPECT_THAT(preflight.headers,
              Contains(Pair("Access-Control-Allow-Headers",
                            "Authorization, Content-Type, X-TGAuth-Session")));
  EXPECT_THAT(preflight.headers, Contains(Pair("Access-Control-Max-Age", "600")));
  // The router adds ResponseHeaders() to every answer, this one too.
  EXPECT_THAT(preflight.headers, Not(Contains(Pair("Access-Control-Allow-Origin", _))));
}

TEST(CorsPolicyTest, PreflightFromOtherOriginAllowsNothing) {
  CorsPolicy cors("https://app.example");
  HttpResponse preflight = cors.Preflight("https://evil.example", "GET");
  EXPECT_EQ(preflight.status, 204);
  EXPECT_THAT(preflight.headers, IsEmpty());
}

}  // namespace
}  // namespace tgauth::gateway
