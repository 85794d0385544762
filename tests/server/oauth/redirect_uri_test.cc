#include "server/oauth/redirect_uri.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The message of ValidateRedirectUri("redirect_uris[0]", uri); "" if valid.
std::string Why(const std::string& uri) {
  absl::Status status = ValidateRedirectUri("redirect_uris[0]", uri);
  if (status.ok()) return "";
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(std::string(status.message()), StartsWith("redirect_uris[0] "));
  return std::string(status.message());
}

TEST(RedirectUriTest, AcceptsHttpsUris) {
  for (const char* uri :
       {"https://shop.example/callback", "https://shop.example", "https://shop.example:8443/cb",
        "https://shop.example/cb?tenant=7&x=a%2Fb", "https://203.0.113.5/cb",
        "https://[2001:db8::1]:443/cb", "https://SHOP.example/a/../b;p=1,2~_!$'()*+@:"}) {
    EXPECT_EQ(Why(uri), "") << uri;
  }
}

TEST(RedirectUriTest, AcceptsHttpOnlyForLoopbackAddresses) {
  EXPECT_EQ(Why("http://127.0.0.1:51004/oauth2redirect"), "");
  EXPECT_EQ(Why("http://127.0.0.1/cb"), "");
  EXPECT_EQ(Why("http://[::1]:8080/cb"), "");
  for (const char* uri : {"http://shop.example/cb", "http://localhost:8080/cb",
                          "http://127.0.0.2/cb", "http://10.0.0.1/cb"}) {
    EXPECT_THAT(Why(uri), HasSubstr("RFC 8252")) << uri;
  }
}

TEST(RedirectUriTest, RefusesAFragment) {
  EXPECT_THAT(Why("https://shop.example/cb#done"), HasSubstr("fragment"));
  EXPECT_THAT(Why("https://shop.example/cb#"), HasSubstr("fragment"));
}

TEST(RedirectUriTest, RefusesUserInformation) {
  EXPECT_THAT(Why("https://ada@shop.example/cb"), HasSubstr("user information"));
  EXPECT_THAT(Why("https://ada:pw@shop.example/cb"), HasSubstr("user information"));
}

TEST(RedirectUriTest, RefusesRelativeAndOtherSchemes) {
  for (const char* uri :
       {"/callback", "shop.example/cb", "//shop.example/cb", "HTTPS://shop.example/",
        "ftp://shop.example/", "javascript://x/%0aalert(1)", "com.example.app:/oauth2redirect",
        "https:shop.example"}) {
    EXPECT_THAT(Why(uri), HasSubstr("absolute https URI")) << uri;
  }
}

TEST(RedirectUriTest, RefusesAMissingOrMalformedHostOrPort) {
  for (const char* uri : {"https:///cb", "https://?x=1", "https://sh_op.example/",
                          "https://sh%6Fp.example/"}) {
    EXPECT_THAT(Why(uri), HasSubstr("must name a host")) << uri;
  }
  for (const char* uri :
       {"https://shop.example:/cb", "https://shop.example:0/", "https://shop.example:65536/",
        "https://[::1]:/cb"}) {
    EXPECT_THAT(Why(uri), HasSubstr("port")) << uri;
  }
}

TEST(RedirectUriTest, SaysWhereAUriBreaksRfc3986Syntax) {
  EXPECT_THAT(Why("https://[::1/cb"), HasSubstr("RFC 3986 syntax breaks at character 13"));
  EXPECT_THAT(Why("https://[]/cb"), HasSubstr("RFC 3986 syntax breaks at character 10"));
  EXPECT_THAT(Why("https://shop.example:8a/"), HasSubstr("RFC 3986 syntax breaks at character"));
}

TEST(RedirectUriTest, RefusesCharactersRfc3986DoesNotAllow) {
  for (const std::string& uri : std::vector<std::string>{
           std::string("https://shop.example/a b"), std::string("https://shop.example/\x01"),
           std::string("https://shop.example/caf\xc3\xa9"), std::string("https://shop.example/<x>"),
           std::string("https://shop.example/a\\b"), std::string("https://shop.example/%zz"),
           std::string("https://shop.example/%4"), std::string("https://shop.example/[x]")}) {
    EXPECT_THAT(Why(uri), HasSubstr("percent-encode")) << uri;
  }
}

TEST(RedirectUriTest, RefusesEmptyAndOverlongUris) {
  EXPECT_THAT(Why(""), HasSubstr("empty"));
  const std::string prefix = "https://shop.example/";
  EXPECT_EQ(Why(prefix + std::string(kMaxRedirectUriBytes - prefix.size(), 'a')), "");
  EXPECT_THAT(Why(prefix + std::string(kMaxRedirectUriBytes - prefix.size() + 1, 'a')),
              HasSubstr("at most 2048 bytes"));
}

TEST(RedirectUriMatchesTest, MatchesOnlyByteForByte) {
  const std::vector<std::string> registered = {"https://shop.example/cb",
                                               "http://127.0.0.1:8400/cb"};
  EXPECT_TRUE(RedirectUriMatches(registered, "https://shop.example/cb"));
  EXPECT_TRUE(RedirectUriMatches(registered, "http://127.0.0.1:8400/cb"));
  for (const char* requested :
       {"https://shop.example/cb/", "https://shop.example/cb?x=1", "https://SHOP.example/cb",
        "https://shop.example:443/cb", "https://shop.example/%63b", "https://shop.example/c",
        "https://shop.example/cbx", "http://127.0.0.1:8401/cb", ""}) {
    EXPECT_FALSE(RedirectUriMatches(registered, requested)) << requested;
  }
  EXPECT_FALSE(RedirectUriMatches({}, "https://shop.example/cb"));
}

}  // namespace
}  // namespace tgauth
