// Structured logging to stderr, one JSON object per line (log_line.h gives
// the shape). Abseil 20220623 has no absl/log.
//
//   LogInfo("redis reconnected", {{"attempt", attempt}});
//   LogWarning("session cleanup failed", {{"error", status}});
//
// Never pass a token, secret, key or initData as a field: log what kind of
// thing happened, not the credential it happened with.
#ifndef TGAUTH_COMMON_LOG_H_
#define TGAUTH_COMMON_LOG_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/log_line.h"

namespace tgauth {

// Writes one line; thread-safe (a single write per line keeps concurrent
// lines whole).
void Log(LogLevel level, absl::string_view message, LogFields fields = {});

inline void LogInfo(absl::string_view message, LogFields fields = {}) {
  Log(LogLevel::kInfo, message, fields);
}
inline void LogWarning(absl::string_view message, LogFields fields = {}) {
  Log(LogLevel::kWarning, message, fields);
}
inline void LogError(absl::string_view message, LogFields fields = {}) {
  Log(LogLevel::kError, message, fields);
}

// Adds {key: value} to every line the current thread writes while it
// lives, e.g. the request id of the call a worker thread is handling.
// Scopes nest; the innermost wins for a repeated key. Create and destroy
// on the same thread.
class ScopedLogField {
 public:
  ScopedLogField(absl::string_view key, LogValue value);
  ~ScopedLogField();

  ScopedLogField(const ScopedLogField&) = delete;
  ScopedLogField& operator=(const ScopedLogField&) = delete;

 private:
  friend void Log(LogLevel level, absl::string_view message, LogFields fields);

  const std::string key_;
  const LogValue value_;
  ScopedLogField* const outer_;
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_LOG_H_
