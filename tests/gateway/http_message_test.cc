#include "gateway/http_message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tgauth::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(ParseRequestTargetTest, SplitsPathAndDecodesQuery) {
  HttpRequest request;
  ASSERT_TRUE(ParseRequestTarget("/v1/logins/abc?wait=25&name=a%20b+c&flag", &request));
  EXPECT_EQ(request.path, "/v1/logins/abc");
  EXPECT_THAT(request.query,
              ElementsAre(Pair("flag", ""), Pair("name", "a b c"), Pair("wait", "25")));
}

TEST(ParseRequestTargetTest, NamesTheKeysSentMoreThanOnce) {
  // OAuth refuses them (RFC 6749 section 3.1); other routes take the last.
  HttpRequest request;
  ASSERT_TRUE(ParseRequestTarget("/oauth2/authorize?scope=a&state=s&scope=b", &request));
  EXPECT_EQ(request.query.at("scope"), "b");
  EXPECT_THAT(request.repeated_query, ElementsAre("scope"));
  ASSERT_TRUE(ParseRequestTarget("/healthz", &request));
  EXPECT_TRUE(request.repeated_query.empty());
}

TEST(ParseRequestTargetTest, PathWithoutQueryHasNoParameters) {
  HttpRequest request;
  ASSERT_TRUE(ParseRequestTarget("/healthz", &request));
  EXPECT_EQ(request.path, "/healthz");
  EXPECT_TRUE(request.query.empty());
}

TEST(ParseRequestTargetTest, RejectsMalformedEscapesAndAbsoluteForms) {
  HttpRequest request;
  EXPECT_FALSE(ParseRequestTarget("/x?wait=%2", &request));
  EXPECT_FALSE(ParseRequestTarget("/x?wait=%zz", &request));
  EXPECT_FALSE(ParseRequestTarget("http://example.com/", &request));
  EXPECT_FALSE(ParseRequestTarget("", &request));
}

TEST(HttpRequestTest, HeaderOfAbsentNameIsEmpty) {
  HttpRequest request;
  request.headers["user-agent"] = "curl";
  EXPECT_EQ(request.Header("user-agent"), "curl");
  EXPECT_EQ(request.Header("origin"), "");
}

}  // namespace
}  // namespace tgauth::gateway
