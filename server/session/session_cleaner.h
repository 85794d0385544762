// Periodic cleanup of ended sessions and expired refresh tokens, on a Clock
// timer, in small batches so no statement holds locks for long and requests
// are never blocked. Rotated refresh tokens stay until their own idle expiry
// (reuse detection needs them); revoked or expired sessions stay for a
// retention period, so "why was I logged out?" can still be answered.
// Pending logins need none of this: Redis expires them.
#ifndef TGAUTH_SERVER_SESSION_SESSION_CLEANER_H_
#define TGAUTH_SERVER_SESSION_SESSION_CLEANER_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/background_loop.h"
#include "common/clock.h"
#include "storage/session_store.h"

namespace tgauth {

struct SessionCleanupOptions {
  absl::Duration interval = absl::Minutes(5);  // Between passes.
  // How long a revoked or expired session is kept before it is deleted.
  absl::Duration ended_session_retention = absl::Hours(24 * 7);
  int batch_size = 500;            // Rows per DELETE.
  int max_batches_per_pass = 200;  // Of each kind; the next pass goes on.
};

struct CleanupCounts {
  int refresh_tokens = 0;
  int sessions = 0;
};

class SessionCleaner final : public BackgroundLoop {
 public:
  // References must outlive the cleaner.
  SessionCleaner(SessionCleanupOptions options, storage::SessionStore& sessions, const Clock& clock)
      : options_(options), sessions_(sessions), clock_(clock) {}
  ~SessionCleaner() override;  // Stop().

  // Runs a pass on the clock's timer now, then one every `interval`.
  // Always OK: a failed pass is logged and the next one catches up.
  absl::Status Start() override;
  // Ends the passes, waiting for a running one to finish.
  void Stop() override;

  // One pass: deletes batches until one comes back short. Returns how many
  // rows it deleted; the store's error (e.g. UNAVAILABLE) if a batch
  // failed, when what was deleted before stays deleted.
  absl::StatusOr<CleanupCounts> RunOnce();

 private:
  // RunOnce, logging what it did or why it failed.
  void Pass();

  const SessionCleanupOptions options_;
  storage::SessionStore& sessions_;
  const Clock& clock_;
  Timer first_pass_;
  Timer passes_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_SESSION_CLEANER_H_
