#include "gateway/form_params.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tgauth::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(FormParamsTest, DecodesNamesAndValuesWithPlusAsSpace) {
  std::optional<FormParams> params =
      ParseFormParams("grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa.test%2Fcb"
                      "&scope=openid+profile&flag&&");
  ASSERT_TRUE(params.has_value());
  EXPECT_THAT(params->values, ElementsAre(Pair("flag", ""), Pair("grant_type", "authorization_code"),
                                          Pair("redirect_uri", "https://a.test/cb"),
                                          Pair("scope", "openid profile")));
  EXPECT_THAT(params->repeated, IsEmpty());
}

TEST(FormParamsTest, ARepeatedNameKeepsItsLastValueAndIsNamed) {
  std::optional<FormParams> params = ParseFormParams("code=a&state=s&code=b&code=c");
  ASSERT_TRUE(params.has_value());
  EXPECT_THAT(params->values, ElementsAre(Pair("code", "c"), Pair("state", "s")));
  EXPECT_THAT(params->repeated, ElementsAre("code"));
}

TEST(FormParamsTest, AnEscapedNameIsTheSameName) {
  // "client%5Fid" is "client_id": a duplicate however it is spelt.
  std::optional<FormParams> params = ParseFormParams("client_id=a&client%5Fid=b");
  ASSERT_TRUE(params.has_value());
  EXPECT_THAT(params->repeated, ElementsAre("client_id"));
}

TEST(FormParamsTest, RefusesMalformedEscapes) {
  EXPECT_FALSE(ParseFormParams("code=%2").has_value());
  EXPECT_FALSE(ParseFormParams("co%zzde=1").has_value());
  EXPECT_TRUE(ParseFormParams("").has_value());
}

}  // namespace
}  // namespace tgauth::gateway
