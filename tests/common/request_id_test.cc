#include "common/request_id.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(RequestIdTest, AcceptsUuidsAndTraceIds) {
  EXPECT_TRUE(IsValidRequestId("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_TRUE(IsValidRequestId("a"));
  EXPECT_TRUE(IsValidRequestId("Root.1_abc-DEF"));
  EXPECT_TRUE(IsValidRequestId(std::string(64, 'x')));
}

TEST(RequestIdTest, RefusesEmptyLongAndOtherCharacters) {
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId(std::string(65, 'x')));
  EXPECT_FALSE(IsValidRequestId("a b"));
  EXPECT_FALSE(IsValidRequestId("a\nb"));
  EXPECT_FALSE(IsValidRequestId("a\"b"));
  EXPECT_FALSE(IsValidRequestId("a/b"));
  EXPECT_FALSE(IsValidRequestId("Bearer:x"));
  EXPECT_FALSE(IsValidRequestId("caf\xc3\xa9"));
  EXPECT_FALSE(IsValidRequestId(std::string("a\0b", 3)));
}

TEST(RequestIdTest, NewIdsAreValidHexAndDistinct) {
  const std::string first = NewRequestId();
  EXPECT_THAT(first, ::testing::MatchesRegex("[0-9a-f]{32}"));
  EXPECT_TRUE(IsValidRequestId(first));
  EXPECT_NE(NewRequestId(), first);
}

TEST(RequestIdTest, KeepsAValidIncomingIdAndReplacesAnInvalidOne) {
  EXPECT_EQ(RequestIdOrNew("edge-7f3a"), "edge-7f3a");
  EXPECT_THAT(RequestIdOrNew("bad id\n"), ::testing::MatchesRegex("[0-9a-f]{32}"));
  EXPECT_THAT(RequestIdOrNew(""), ::testing::MatchesRegex("[0-9a-f]{32}"));
}

}  // namespace
}  // namespace tgauth
