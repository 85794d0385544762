#include "common/json_text.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

TEST(JsonTextTest, PlainTextIsOnlyQuoted) {
  EXPECT_EQ(JsonString("/tgauth.v1.AuthService/GetMe"), "\"/tgauth.v1.AuthService/GetMe\"");
  EXPECT_EQ(JsonString(""), "\"\"");
}

TEST(JsonTextTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(JsonString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonString("line\nbreak\ttab"), "\"line\\nbreak\\ttab\"");
  EXPECT_EQ(JsonString(std::string("nul\0bell\x07", 9)), "\"nul\\u0000bell\\u0007\"");
}

TEST(JsonTextTest, KeepsWellFormedUtf8) {
  EXPECT_EQ(ValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91");
}

TEST(JsonTextTest, ReplacesEachByteOfAnIllFormedSequence) {
  EXPECT_EQ(ValidUtf8("\xFF"), kReplacement);
  EXPECT_EQ(ValidUtf8("a\xC3"), std::string("a") + kReplacement);              // Cut short.
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), std::string(kReplacement) + kReplacement);  // Overlong '/'.
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"),                                         // A surrogate.
            std::string(kReplacement) + kReplacement + kReplacement);
  EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80"),  // Past U+10FFFF.
            std::string(kReplacement) + kReplacement + kReplacement + kReplacement);
}

}  // namespace
}  // namespace tgauth
