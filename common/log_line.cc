#include "common/log_line.h"

#include <cmath>

#include "common/json_text.h"

namespace tgauth {
namespace {

absl::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "error";
}

void AppendField(absl::string_view key, const std::string& json_value, std::string* line) {
  absl::StrAppend(line, ",", JsonString(key), ":", json_value);
}

bool HasKey(absl::Span<const LogField> fields, absl::string_view key) {
  for (const LogField& field : fields) {
    if (field.key == key) return true;
  }
  return false;
}

}  // namespace

LogValue::LogValue(absl::string_view text) : json_(JsonString(text)) {}

LogValue::LogValue(double number)
    : json_(std::isfinite(number) ? absl::StrCat(number) : std::string("null")) {}

LogValue::LogValue(const absl::Status& status) : json_(JsonString(status.ToString())) {}

std::string FormatLogLine(absl::Time time, LogLevel level, absl::string_view message,
                          absl::Span<const LogField> fields, absl::Span<const LogField> context) {
  std::string line = absl::StrCat(
      "{\"time\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone()),
      "\",\"level\":\"", LevelName(level), "\",\"msg\":", JsonString(message));
  for (const LogField& field : fields) AppendField(field.key, field.value.json(), &line);
  for (const LogField& field : context) {
    if (!HasKey(fields, field.key)) AppendField(field.key, field.value.json(), &line);
  }
  line += "}\n";
  return line;
}

}  // namespace tgauth
