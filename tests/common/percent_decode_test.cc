#include "common/percent_decode.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(PercentDecodeTest, DecodesEscapesInEitherCase) {
  EXPECT_EQ(PercentDecode("p%40ss%2fw%2Fd", PlusSign::kLiteral), "p@ss/w/d");
  EXPECT_EQ(PercentDecode("", PlusSign::kLiteral), "");
}

TEST(PercentDecodeTest, PlusIsASpaceOnlyInFormEncoding) {
  EXPECT_EQ(PercentDecode("a+b%2B", PlusSign::kSpace), "a b+");
  EXPECT_EQ(PercentDecode("a+b%2B", PlusSign::kLiteral), "a+b+");
}

TEST(PercentDecodeTest, MalformedEscapeReturnsNullopt) {
  for (const char* in : {"%", "%4", "a%zz", "%4g"}) {
    EXPECT_EQ(PercentDecode(in, PlusSign::kLiteral), std::nullopt) << in;
  }
}

}  // namespace
}  // namespace tgauth
