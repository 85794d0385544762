#include "server/session/revocation_feed.h"

#include <algorithm>

#include "common/log.h"

namespace tgauth {

RevocationFeed::~RevocationFeed() { Stop(); }

absl::Status RevocationFeed::PollOnce() {
  const absl::Time started = clock_.Now();
  absl::StatusOr<storage::RevocationBatch> batch =
      log_.RevokedAfter(cursor_, started - options_.remember_for);
  if (!batch.ok()) {
    if (!logged_outage_) {
      LogWarning("revocation feed: cannot read revocations", {{"error", batch.status()}});
      logged_outage_ = true;
    }
    return batch.status();
  }
  if (logged_outage_) LogInfo("revocation feed: reading revocations again");
  logged_outage_ = false;
  for (const storage::SessionRevocation& r : batch->revocations) {
    // Remembered from when this replica learnt of it: revoked_at is another
    // clock's (the database's), and access tokens issued before it live
    // remember_for at most from now.
    revoked_.Add(r.session_id, std::max(r.revoked_at, started) + options_.remember_for);
  }
  cursor_ = batch->cursor;
  revoked_.MarkFresh(started);
  revoked_.ForgetExpired(started);
  return absl::OkStatus();
}

absl::Status RevocationFeed::Start() {
  absl::Status first = PollOnce();
  // Logged once per outage in PollOnce.
  polls_ = clock_.RunEvery(options_.poll_interval, [this] { PollOnce().IgnoreError(); });
  return first;
}

void RevocationFeed::Stop() { polls_.Cancel(); }

}  // namespace tgauth
