#include "common/log.h"

#include <cstdio>
#include <utility>
#include <vector>

#include "common/real_clock.h"

namespace tgauth {
namespace {

// The innermost ScopedLogField of this thread; each links to the one around it.
thread_local ScopedLogField* innermost_field = nullptr;

}  // namespace

ScopedLogField::ScopedLogField(absl::string_view key, LogValue value)
    : key_(key), value_(std::move(value)), outer_(innermost_field) {
  innermost_field = this;
}

ScopedLogField::~ScopedLogField() { innermost_field = outer_; }

void Log(LogLevel level, absl::string_view message, LogFields fields) {
  std::vector<LogField> context;
  for (const ScopedLogField* scope = innermost_field; scope != nullptr; scope = scope->outer_) {
    bool shadowed = false;
    for (const LogField& inner : context) shadowed = shadowed || inner.key == scope->key_;
    if (!shadowed) context.push_back(LogField{scope->key_, scope->value_});
  }
  const std::string line =
      FormatLogLine(WallClock().Now(), level, message,
                    absl::MakeConstSpan(fields.begin(), fields.size()), context);
  // One unbuffered write per line keeps concurrent lines whole.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace tgauth
