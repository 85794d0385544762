// Match codes and the time shown in bot messages.
#include "server/qr_login/match_code.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/session/device_description.h"

namespace tgauth {
namespace {

using ::testing::Contains;
using ::testing::SizeIs;

TEST(MatchCodeTest, CodesAreTwoDigitsAndCoverTheirWholeRange) {
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {
    absl::StatusOr<std::string> code = NewMatchCode();
    ASSERT_TRUE(code.ok()) << code.status();
    ASSERT_TRUE(IsWellFormedMatchCode(*code)) << *code;
    seen.insert(*code);
  }
  EXPECT_THAT(seen, SizeIs(100));  // Missing one by chance: about 1e-20.
}

TEST(MatchCodeTest, ChoicesAreTheCodeAndTwoDistinctDecoysInRandomPlaces) {
  std::set<size_t> positions;
  for (int i = 0; i < 200; ++i) {
    absl::StatusOr<std::vector<std::string>> choices = MatchCodeChoices("07");
    ASSERT_TRUE(choices.ok()) << choices.status();
    ASSERT_THAT(*choices, SizeIs(kMatchCodeChoices));
    EXPECT_THAT(*choices, Contains("07"));
    EXPECT_THAT(std::set<std::string>(choices->begin(), choices->end()), SizeIs(3));
    for (const std::string& choice : *choices) EXPECT_TRUE(IsWellFormedMatchCode(choice));
    positions.insert(std::find(choices->begin(), choices->end(), "07") - choices->begin());
  }
  EXPECT_THAT(positions, SizeIs(3));
}

TEST(MatchCodeTest, OnlyTwoDigitsAreWellFormed) {
  for (const char* bad : {"", "7", "007", "a7", "-1", "ok"}) {
    EXPECT_FALSE(IsWellFormedMatchCode(bad)) << bad;
  }
  EXPECT_FALSE(MatchCodeChoices("7").ok());
}

TEST(DescribeTimeTest, ShowsTheTimeInTheGivenZoneOrElseUtc) {
  const absl::Time t = absl::FromUnixSeconds(1'800'000'000);  // 2027-01-15 08:00 UTC.
  EXPECT_EQ(DescribeTime(t, "Europe/Berlin"), "2027-01-15 09:00 (Europe/Berlin)");
  EXPECT_EQ(DescribeTime(t, "America/New_York"), "2027-01-15 03:00 (America/New_York)");
  for (const char* zone : {"", "Nowhere/Land", "../../../etc/passwd", "/etc/localtime"}) {
    EXPECT_EQ(DescribeTime(t, zone), "2027-01-15 08:00 (UTC)") << zone;
  }
}

TEST(DescribeTimeTest, TimeZoneNamesAreShapedLikeIanaOnes) {
  for (const char* good : {"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+3"}) {
    EXPECT_TRUE(IsTimeZoneName(good)) << good;
  }
  for (const std::string& bad : {std::string(), std::string("/etc/passwd"), std::string("../x"),
                                 std::string("Europe/Berlin\n"), std::string(65, 'a')}) {
    EXPECT_FALSE(IsTimeZoneName(bad)) << bad;
  }
}

}  // namespace
}  // namespace tgauth
