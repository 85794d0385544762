// The ids of sessions revoked recently enough that access tokens issued for
// them may still be unexpired, as this replica last saw them. Refreshed from
// PostgreSQL every few hundred milliseconds by RevocationFeed, so every
// replica sees a revocation within 1 s; the replica that revokes a session
// adds it at once.
#ifndef TGAUTH_SERVER_TOKEN_REVOKED_SESSIONS_H_
#define TGAUTH_SERVER_TOKEN_REVOKED_SESSIONS_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace tgauth {

class RevokedSessions {
 public:
  // Remembers `session_id` as revoked until `forget_after` (when every access
  // token issued for it has expired).
  void Add(absl::string_view session_id, absl::Time forget_after);

  // Records that the list is complete as of `as_of` (a successful refresh).
  void MarkFresh(absl::Time as_of);

  // Whether `session_id` is revoked. UNAVAILABLE if the list was last known
  // complete more than `max_staleness` before `now`: the caller must fail
  // closed rather than accept a session that may be revoked.
  absl::StatusOr<bool> IsRevoked(absl::string_view session_id, absl::Time now,
                                 absl::Duration max_staleness) const;

  // OK if the list was known complete at most `max_staleness` before `now`;
  // UNAVAILABLE ("revocation feed stale ...") if not, or never.
  absl::Status CheckFresh(absl::Time now, absl::Duration max_staleness) const;

  // When the list was last known complete; InfinitePast() if never.
  absl::Time fresh_as_of() const;

  // Drops entries whose `forget_after` is before `now`.
  void ForgetExpired(absl::Time now);

  size_t size() const;  // Sessions remembered.

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, absl::Time> forget_after_ ABSL_GUARDED_BY(mu_);
  absl::Time fresh_as_of_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_REVOKED_SESSIONS_H_
