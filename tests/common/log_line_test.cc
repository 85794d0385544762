#include "common/log_line.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

const absl::Time kNoon = absl::FromUnixMillis(1'769'860'800'123);  // 2026-01-31T12:00:00.123Z

// The line parsed back as JSON, so escaping is checked by a real parser.
google::protobuf::Struct Parsed(const std::string& line) {
  google::protobuf::Struct object;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &object).ok()) << line;
  return object;
}

TEST(LogLineTest, StartsWithTimeLevelAndMessageThenFieldsInTheOrderGiven) {
  EXPECT_EQ(FormatLogLine(kNoon, LogLevel::kWarning, "redis reconnected",
                          {{"attempt", 3}, {"host", "cache"}, {"slow", true}}),
            "{\"time\":\"2026-01-31T12:00:00.123Z\",\"level\":\"warning\","
            "\"msg\":\"redis reconnected\",\"attempt\":3,\"host\":\"cache\",\"slow\":true}\n");
}

TEST(LogLineTest, NamesEachLevel) {
  EXPECT_THAT(FormatLogLine(kNoon, LogLevel::kInfo, "m", {}), HasSubstr("\"level\":\"info\""));
  EXPECT_THAT(FormatLogLine(kNoon, LogLevel::kError, "m", {}), HasSubstr("\"level\":\"error\""));
}

TEST(LogLineTest, TimeIsUtcWithMillisecondsEvenOnAWholeSecond) {
  EXPECT_THAT(FormatLogLine(absl::FromUnixSeconds(0), LogLevel::kInfo, "m", {}),
              HasSubstr("\"time\":\"1970-01-01T00:00:00.000Z\""));
}

TEST(LogLineTest, EscapesQuotesBackslashesLineBreaksAndControlCharacters) {
  const std::string hostile = "a \"quoted\" \\ path\nsecond line\r\t\x01\x1f end";
  const std::string line = FormatLogLine(kNoon, LogLevel::kInfo, hostile, {{"value", hostile}});
  // One line: the only line break is the terminating one.
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_THAT(line, Not(HasSubstr("\r")));
  EXPECT_THAT(line, Not(HasSubstr("\x01")));
  google::protobuf::Struct object = Parsed(line);
  EXPECT_EQ(object.fields().at("msg").string_value(), hostile);
  EXPECT_EQ(object.fields().at("value").string_value(), hostile);
}

TEST(LogLineTest, ReplacesBytesThatAreNotUtf8) {
  const std::string line =
      FormatLogLine(kNoon, LogLevel::kInfo, "m", {{"agent", "caf\xc3\xa9 \xff\xfe end"}});
  EXPECT_EQ(Parsed(line).fields().at("agent").string_value(),
            "caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd end");
}

TEST(LogLineTest, AFieldCannotInjectAnotherField) {
  const std::string line =
      FormatLogLine(kNoon, LogLevel::kInfo, "m", {{"route", "x\",\"level\":\"error"}});
  google::protobuf::Struct object = Parsed(line);
  EXPECT_EQ(object.fields().at("level").string_value(), "info");
  EXPECT_EQ(object.fields().at("route").string_value(), "x\",\"level\":\"error");
}

TEST(LogLineTest, WritesNumbersBooleansAndStatuses) {
  const std::string line = FormatLogLine(kNoon, LogLevel::kInfo, "m",
                                         {{"count", int64_t{-9007199254740993}},
                                          {"ms", 12.5},
                                          {"ok", false},
                                          {"error", absl::UnavailableError("redis unavailable")}});
  EXPECT_THAT(line, HasSubstr("\"count\":-9007199254740993,\"ms\":12.5,\"ok\":false,"
                              "\"error\":\"UNAVAILABLE: redis unavailable\"}"));
}

TEST(LogLineTest, ContextFieldsFollowAndNeverRepeatAKeyTheLineHas) {
  const std::string line = FormatLogLine(kNoon, LogLevel::kInfo, "m", {{"request_id", "own"}},
                                         {{"request_id", "outer"}, {"rpc", "GetMe"}});
  EXPECT_THAT(line, EndsWith(",\"request_id\":\"own\",\"rpc\":\"GetMe\"}\n"));
}

}  // namespace
}  // namespace tgauth
