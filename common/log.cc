#include "common/log.h"

#include <cstdio>

#include "absl/time/time.h"
#include "common/real_clock.h"

namespace tgauth {

void LogLine(LogLevel level, absl::string_view message) {
  const char* tag = level == LogLevel::kInfo ? "I" : level == LogLevel::kWarning ? "W" : "E";
  // One fprintf per line keeps concurrent lines whole.
  std::fprintf(
      stderr, "%s %s %.*s\n", tag,
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", WallClock().Now(), absl::UTCTimeZone()).c_str(),
      static_cast<int>(message.size()), message.data());
}

}  // namespace tgauth
