#include "common/uuid.h"

#include "gtest/gtest.h"

namespace tgauth {
namespace {

TEST(UuidTest, AcceptsEightFourFourFourTwelveHexDigitsInEitherCase) {
  EXPECT_TRUE(IsUuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_TRUE(IsUuid("123E4567-E89B-12D3-A456-426614174000"));
}

TEST(UuidTest, AcceptsOnlyCanonicalText) {
  EXPECT_TRUE(IsUuid("0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2b"));
  EXPECT_FALSE(IsUuid("0b5e1f2a3c4d4e5f8a6b7c8d9e0f1a2b"));
  EXPECT_FALSE(IsUuid("0b5e1f2a-3c4d-4e5f-8a6b-7c8d9e0f1a2g"));
  EXPECT_FALSE(IsUuid(""));
}

TEST(UuidTest, RefusesOtherShapes) {
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("123e4567e89b12d3a456426614174000"));       // No dashes.
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400"));    // One digit short.
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-4266141740000"));  // One digit long.
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456_426614174000"));   // Dash misplaced.
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400g"));   // Not hex.
  EXPECT_FALSE(IsUuid("'; DROP TABLE sessions; --------------"));
}

}  // namespace
}  // namespace tgauth
