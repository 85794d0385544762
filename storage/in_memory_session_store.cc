#include "storage/in_memory_session_store.h"

#include <algorithm>
#include <iterator>
#include <tuple>

namespace tgauth::storage {

absl::StatusOr<SessionRecord> InMemorySessionStore::Create(const NewSession& session) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (!users_.Contains(session.user_id)) return absl::FailedPreconditionError("no such user");
  absl::MutexLock lock(&mu_);
  if (!refresh_token_hashes_.insert(session.refresh_token_hash).second) {
    return absl::AlreadyExistsError("refresh token hash already in use");
  }
  SessionRecord record{NewFakeUuid(),
                       session.user_id,
                       session.sign_in_method,
                       session.device,
                       ToStoredPrecision(session.created_at),
                       ToStoredPrecision(session.expires_at),
                       /*revoked=*/false};
  sessions_.push_back(record);
  return record;
}

absl::StatusOr<std::vector<SessionRecord>> InMemorySessionStore::ListByUser(
    std::string_view user_id) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  std::vector<SessionRecord> result;
  {
    absl::MutexLock lock(&mu_);
    std::copy_if(sessions_.begin(), sessions_.end(), std::back_inserter(result),
                 [&](const SessionRecord& s) { return s.user_id == user_id; });
  }
  // The same order as PostgresSessionStore's ORDER BY created_at, id.
  std::sort(result.begin(), result.end(), [](const SessionRecord& a, const SessionRecord& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return result;
}

}  // namespace tgauth::storage
