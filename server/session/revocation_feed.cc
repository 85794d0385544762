#include "server/session/revocation_feed.h"

#include <algorithm>

#include "common/log.h"

namespace tgauth {

RevocationFeed::~RevocationFeed() { Stop(); }

absl::Status RevocationFeed::PollOnce() {
  const absl::Time started = clock_.Now();
  // Re-reading the overlap costs a few rows; missing a revocation would let
  // its session's tokens pass until they expire.
  const absl::Time since = last_poll_started_ == absl::InfinitePast()
                               ? started - options_.remember_for
                               : last_poll_started_ - options_.overlap;
  absl::StatusOr<std::vector<storage::SessionRevocation>> revocations = log_.RevokedSince(since);
  if (!revocations.ok()) {
    if (!logged_outage_) {
      LogWarning("revocation feed: cannot read revocations: %s",
                 std::string(revocations.status().message()));
      logged_outage_ = true;
    }
    return revocations.status();
  }
  if (logged_outage_) LogInfo("revocation feed: reading revocations again");
  logged_outage_ = false;
  for (const storage::SessionRevocation& r : *revocations) {
    revoked_.Add(r.session_id, r.revoked_at + options_.remember_for);
  }
  last_poll_started_ = started;
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
