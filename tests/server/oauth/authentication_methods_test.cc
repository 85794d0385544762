// The `amr` values of each sign-in method (RFC 8176 section 2).
#include "server/oauth/authentication_methods.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(AuthenticationMethodsTest, AnActInTheTelegramAppIsMultiChannelWithUserPresence) {
  EXPECT_THAT(AuthenticationMethods("qr"), ElementsAre("mca", "user"));
  EXPECT_THAT(AuthenticationMethods("login_link"), ElementsAre("mca", "user"));
}

TEST(AuthenticationMethodsTest, DataTelegramSignedClaimsNothingTgauthDidNotSee) {
  EXPECT_THAT(AuthenticationMethods("widget"), IsEmpty());
  EXPECT_THAT(AuthenticationMethods("mini_app"), IsEmpty());
  EXPECT_THAT(AuthenticationMethods(""), IsEmpty());
}

}  // namespace
}  // namespace tgauth
