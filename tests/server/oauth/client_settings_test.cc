#include "server/oauth/client_settings.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/oauth/scopes.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

OAuthClientSettings Valid() {
  return {.name = "Shop",
          .redirect_uris = {"https://shop.example/cb", "http://127.0.0.1:8400/cb"},
          .post_logout_redirect_uris = {"https://shop.example/bye"},
          .allowed_scopes = {"openid"},
          .backchannel_logout_uri = "https://shop.example/backchannel"};
}

// The message of ValidateClientSettings(settings), which must be INVALID_ARGUMENT.
std::string Why(const OAuthClientSettings& settings) {
  absl::Status status = ValidateClientSettings(settings);
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  return std::string(status.message());
}

TEST(ClientSettingsTest, AcceptsValidSettingsAndOptionalListsLeftEmpty) {
  EXPECT_TRUE(ValidateClientSettings(Valid()).ok());
  OAuthClientSettings minimal = {.name = "Spa", .redirect_uris = {"https://spa.example/"}};
  EXPECT_TRUE(ValidateClientSettings(minimal).ok());
}

TEST(ClientSettingsTest, NamesTheBadField) {
  OAuthClientSettings s = Valid();
  s.name = "";
  EXPECT_THAT(Why(s), StartsWith("name "));

  s = Valid();
  s.redirect_uris.clear();
  EXPECT_THAT(Why(s), StartsWith("redirect_uris must have at least one URI"));

  s = Valid();
  s.redirect_uris.push_back("https://shop.example/cb#x");
  EXPECT_THAT(Why(s), StartsWith("redirect_uris[2] must not have a fragment"));

  s = Valid();
  s.post_logout_redirect_uris = {"https://shop.example/bye", "http://shop.example/bye"};
  EXPECT_THAT(Why(s), StartsWith("post_logout_redirect_uris[1] must use https"));

  s = Valid();
  s.backchannel_logout_uri = "https://ada@shop.example/";
  EXPECT_THAT(Why(s), StartsWith("backchannel_logout_uri must not have user information"));

  s = Valid();
  s.allowed_scopes = {"openid", "email"};
  EXPECT_EQ(Why(s), "allowed_scopes[1] \"email\" is not supported; supported: openid, profile");
}

TEST(ClientSettingsTest, RefusesRepeatsAndTooManyUris) {
  OAuthClientSettings s = Valid();
  s.redirect_uris.push_back(s.redirect_uris[0]);
  EXPECT_EQ(Why(s), "redirect_uris[2] repeats an earlier URI");

  s = Valid();
  s.allowed_scopes = {"profile", "openid", "profile"};
  EXPECT_EQ(Why(s), "allowed_scopes[2] repeats \"profile\"");

  s = Valid();
  s.redirect_uris.clear();
  for (size_t i = 0; i <= kMaxClientUris; ++i) {
    s.redirect_uris.push_back("https://shop.example/cb" + std::to_string(i));
  }
  EXPECT_EQ(Why(s), "redirect_uris must have at most 32 URIs");
  s.redirect_uris.pop_back();
  EXPECT_TRUE(ValidateClientSettings(s).ok());
}

TEST(ScopesTest, NoScopesMeansEverySupportedScope) {
  EXPECT_THAT(ScopesToStore({.allowed_scopes = {}}), ElementsAre("openid", "profile"));
  EXPECT_THAT(ScopesToStore({.allowed_scopes = {"profile"}}), ElementsAre("profile"));
  EXPECT_TRUE(IsSupportedScope("openid"));
  EXPECT_FALSE(IsSupportedScope("OPENID"));
  EXPECT_FALSE(IsSupportedScope("offline_access"));
}

}  // namespace
}  // namespace tgauth
