#include "server/session/session_cleaner.h"

#include "absl/status/status.h"
#include "common/log.h"

namespace tgauth {
namespace {

// Calls `delete_batch` until it deletes fewer than `batch_size` rows or
// `max_batches` ran; adds what it deleted to `*deleted`.
template <typename DeleteBatch>
absl::Status DeleteInBatches(int batch_size, int max_batches, DeleteBatch delete_batch,
                             int* deleted) {
  for (int i = 0; i < max_batches; ++i) {
    absl::StatusOr<int> batch = delete_batch(batch_size);
    if (!batch.ok()) return batch.status();
    *deleted += *batch;
    if (*batch < batch_size) break;
  }
  return absl::OkStatus();
}

}  // namespace

SessionCleaner::~SessionCleaner() { Stop(); }

absl::Status SessionCleaner::Start() {
  first_pass_ = clock_.RunAfter(absl::ZeroDuration(), [this] { Pass(); });
  passes_ = clock_.RunEvery(options_.interval, [this] { Pass(); });
  return absl::OkStatus();
}

void SessionCleaner::Stop() {
  first_pass_.Cancel();
  passes_.Cancel();
}

absl::StatusOr<CleanupCounts> SessionCleaner::RunOnce() {
  const absl::Time now = clock_.Now();
  CleanupCounts counts;
  absl::Status status = DeleteInBatches(
      options_.batch_size, options_.max_batches_per_pass,
      [&](int limit) { return sessions_.DeleteExpiredRefreshTokens(now, limit); },
      &counts.refresh_tokens);
  if (!status.ok()) return status;
  status = DeleteInBatches(
      options_.batch_size, options_.max_batches_per_pass,
      [&](int limit) {
        return sessions_.DeleteEndedSessions(now - options_.ended_session_retention, limit);
      },
      &counts.sessions);
  if (!status.ok()) return status;
  return counts;
}

void SessionCleaner::Pass() {
  absl::StatusOr<CleanupCounts> counts = RunOnce();
  // PostgreSQL down: skip quietly; the next pass catches up.
  if (!counts.ok() && !absl::IsUnavailable(counts.status())) {
    LogWarning("session cleanup failed", {{"error", counts.status()}});
  } else if (counts.ok() && (counts->refresh_tokens > 0 || counts->sessions > 0)) {
    LogInfo("session cleanup: deleted expired refresh tokens and ended sessions",
            {{"refresh_tokens", counts->refresh_tokens}, {"sessions", counts->sessions}});
  }
}

}  // namespace tgauth
