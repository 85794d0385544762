// Keeps RevokedSessions current: polls the SessionRevocationLog every
// `poll_interval` on a Clock timer and adds what it finds. Each poll goes
// on from the cursor of the one before, which follows commit order
// (storage/session_revocation_log.h): a revocation that commits late is read
// by the next poll after its commit, whatever time it carries and whatever
// the replicas' clocks say.
#ifndef TGAUTH_SERVER_SESSION_REVOCATION_FEED_H_
#define TGAUTH_SERVER_SESSION_REVOCATION_FEED_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/background_loop.h"
#include "common/clock.h"
#include "server/token/revoked_sessions.h"
#include "storage/session_revocation_log.h"

namespace tgauth {

struct RevocationFeedOptions {
  absl::Duration poll_interval = absl::Milliseconds(250);
  // How long a revoked session is remembered: every access token issued for
  // it has expired by then (the access token lifetime plus a margin).
  absl::Duration remember_for = absl::Minutes(16);
};

class RevocationFeed final : public BackgroundLoop {
 public:
  // All references must outlive the feed.
  RevocationFeed(RevocationFeedOptions options, storage::SessionRevocationLog& log,
                 RevokedSessions& revoked, const Clock& clock)
      : options_(options), log_(log), revoked_(revoked), clock_(clock) {}
  ~RevocationFeed() override;  // Stop().

  // One poll: reads new revocations into RevokedSessions and marks it fresh
  // as of the poll's start. Every poll reads no further back than
  // `remember_for` (older ones no longer matter).
  // UNAVAILABLE if the log is unreachable (RevokedSessions then goes stale
  // and validation fails closed after its bound).
  absl::Status PollOnce();

  // Polls once on the calling thread and returns that poll's result, then
  // every `poll_interval` on the clock's timer, retrying after failures.
  absl::Status Start() override;
  // Ends the polls, waiting for a running one to finish.
  void Stop() override;

 private:
  const RevocationFeedOptions options_;
  storage::SessionRevocationLog& log_;
  RevokedSessions& revoked_;
  const Clock& clock_;
  // Touched only by PollOnce, which runs on one thread at a time.
  uint64_t cursor_ = 0;  // From the last successful poll; 0 before the first.
  bool logged_outage_ = false;
  Timer polls_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_REVOCATION_FEED_H_
