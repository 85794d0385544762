#include "server/oauth/client_id.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(ClientIdTest, AcceptsLowercaseLettersDigitsUnderscoreAndHyphen) {
  for (const char* id : {"a", "0", "shop", "my-app_2", "9to5"}) {
    EXPECT_TRUE(IsValidClientId(id)) << id;
    EXPECT_TRUE(ValidateClientId(id).ok()) << id;
  }
  EXPECT_TRUE(IsValidClientId(std::string(64, 'a')));
}

TEST(ClientIdTest, RefusesOtherShapesNamingTheField) {
  for (const std::string& id :
       std::vector<std::string>{"", "-shop", "_shop", "Shop", "sh op", "shop.example", "shop/1",
                                "ш", std::string(65, 'a'), std::string("sh\0p", 4)}) {
    EXPECT_FALSE(IsValidClientId(id)) << id;
    absl::Status status = ValidateClientId(id);
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << id;
    EXPECT_EQ(status.message().substr(0, 10), "client_id ");
  }
}

TEST(ClientNameTest, CountsCharactersNotBytes) {
  EXPECT_TRUE(ValidateClientName("Магазин Ады").ok());
  std::string cyrillic;
  for (int i = 0; i < 64; ++i) cyrillic += "ж";  // 128 bytes, 64 characters.
  EXPECT_TRUE(ValidateClientName(cyrillic).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateClientName(cyrillic + "ж")));
  EXPECT_TRUE(ValidateClientName(std::string(64, 'n')).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateClientName(std::string(65, 'n'))));
}

TEST(ClientNameTest, RefusesEmptyAndControlCharactersNamingTheField) {
  for (const std::string& name : std::vector<std::string>{"", "Shop\n", "a\tb", "a\x7f",
                                                          "a\xc2\x85"
                                                          "b"}) {
    absl::Status status = ValidateClientName(name);
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << name;
    EXPECT_EQ(status.message().substr(0, 5), "name ");
  }
  EXPECT_TRUE(ValidateClientName("Caf\xc3\xa9\xc2\xa0"
                                 "Ada")
                  .ok());  // U+00A0 is no control.
}

}  // namespace
}  // namespace tgauth
