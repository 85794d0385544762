// Which sessions were revoked when: what every replica polls so that a
// revocation made anywhere stops the session's access tokens within 1 s
// (AccessTokenValidator). PostgreSQL in production (sessions.revoked_at).
#ifndef TGAUTH_STORAGE_SESSION_REVOCATION_LOG_H_
#define TGAUTH_STORAGE_SESSION_REVOCATION_LOG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tgauth::storage {

struct SessionRevocation {
  std::string session_id;
  absl::Time revoked_at;
};

class SessionRevocationLog {
 public:
  virtual ~SessionRevocationLog() = default;

  // Sessions revoked at or after `since`, in no particular order; empty if
  // none. UNAVAILABLE if the store is unreachable.
  virtual absl::StatusOr<std::vector<SessionRevocation>> RevokedSince(absl::Time since) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_SESSION_REVOCATION_LOG_H_
