#include "server/token/revoked_sessions.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace tgauth {

void RevokedSessions::Add(absl::string_view session_id, absl::Time forget_after) {
  absl::MutexLock lock(&mu_);
  absl::Time& entry = forget_after_[session_id];
  entry = std::max(entry, forget_after);
}

void RevokedSessions::MarkFresh(absl::Time as_of) {
  absl::MutexLock lock(&mu_);
  fresh_as_of_ = std::max(fresh_as_of_, as_of);
}

absl::Time RevokedSessions::fresh_as_of() const {
  absl::MutexLock lock(&mu_);
  return fresh_as_of_;
}

absl::Status RevokedSessions::CheckFresh(absl::Time now, absl::Duration max_staleness) const {
  absl::ReaderMutexLock lock(&mu_);
  if (now - fresh_as_of_ <= max_staleness) return absl::OkStatus();
  return absl::UnavailableError(fresh_as_of_ == absl::InfinitePast()
                                    ? std::string("revocation feed stale: never read")
                                    : absl::StrCat("revocation feed stale: last read ",
                                                   absl::FormatDuration(now - fresh_as_of_),
                                                   " ago"));
}

absl::StatusOr<bool> RevokedSessions::IsRevoked(absl::string_view session_id, absl::Time now,
                                                absl::Duration max_staleness) const {
  absl::ReaderMutexLock lock(&mu_);
  // A session this replica revoked itself is known however stale the rest is.
  if (forget_after_.contains(session_id)) return true;
  if (now - fresh_as_of_ > max_staleness) {
    return absl::UnavailableError(
        "cannot check whether the session was revoked: the session database is unreachable");
  }
  return false;
}

void RevokedSessions::ForgetExpired(absl::Time now) {
  absl::MutexLock lock(&mu_);
  absl::erase_if(forget_after_, [now](const auto& entry) { return entry.second < now; });
}

size_t RevokedSessions::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return forget_after_.size();
}

}  // namespace tgauth
