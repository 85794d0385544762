// The shape of tgauth's log lines: one JSON object per line,
//
//   {"time":"2026-01-31T12:00:00.123Z","level":"info","msg":"...","key":value,...}
//
// `time` is RFC 3339 in UTC with milliseconds, `level` one of "info",
// "warning", "error", `msg` a fixed sentence (the variable parts go in
// fields, so lines group by message), then the fields in the order given.
// Strings are escaped by common/json_text.h; a line never holds a raw line
// break, so one line is one object.
#ifndef TGAUTH_COMMON_LOG_LINE_H_
#define TGAUTH_COMMON_LOG_LINE_H_

#include <initializer_list>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace tgauth {

enum class LogLevel { kInfo, kWarning, kError };

// One field's value as JSON text: a string, a number, a boolean, or a
// status (as its ToString(), a string).
class LogValue {
 public:
  LogValue(absl::string_view text);  // NOLINT: fields read as {"key", value}.
  LogValue(const char* text) : LogValue(absl::string_view(text)) {}         // NOLINT
  LogValue(const std::string& text) : LogValue(absl::string_view(text)) {}  // NOLINT
  template <
      typename Integer,
      std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
  LogValue(Integer number) : json_(absl::StrCat(number)) {}  // NOLINT
  LogValue(bool flag) : json_(flag ? "true" : "false") {}    // NOLINT
  LogValue(double number);                                   // NOLINT: null if not finite.
  LogValue(const absl::Status& status);                      // NOLINT

  const std::string& json() const { return json_; }

 private:
  std::string json_;
};

// One key/value pair of a line. Keys are snake_case constants of the code.
// Never a token, secret, key or personal id as a value.
struct LogField {
  absl::string_view key;
  LogValue value;
};

using LogFields = std::initializer_list<LogField>;

// The line (with its trailing '\n') for `message` at `time`: `fields`, then
// those `context` fields whose key is not among `fields`.
std::string FormatLogLine(absl::Time time, LogLevel level, absl::string_view message,
                          absl::Span<const LogField> fields,
                          absl::Span<const LogField> context = {});

}  // namespace tgauth

#endif  // TGAUTH_COMMON_LOG_LINE_H_
