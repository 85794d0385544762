// Which sessions were revoked: what every replica polls so that a
// revocation made anywhere stops the session's access tokens within 1 s
// (AccessTokenValidator). PostgreSQL in production (sessions.revoked_xid).
//
// Read in commit order through a cursor, not by time: a revocation stamped
// before its transaction commits can commit after a reader has read past
// its time, and would be missed however the reader overlaps its reads.
#ifndef TGAUTH_STORAGE_SESSION_REVOCATION_LOG_H_
#define TGAUTH_STORAGE_SESSION_REVOCATION_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tgauth::storage {

struct SessionRevocation {
  std::string session_id;
  absl::Time revoked_at;
};

struct RevocationBatch {
  std::vector<SessionRevocation> revocations;  // In no particular order.
  // Where the next read starts: pass it to the next RevokedAfter().
  uint64_t cursor = 0;
};

class SessionRevocationLog {
 public:
  virtual ~SessionRevocationLog() = default;

  // Every session revoked at or after `not_before` whose revocation this log
  // may not yet have returned from `cursor` on: all that committed after the
  // read that returned `cursor` (cursor 0: every one since `not_before`). A
  // revocation may be returned twice, never missed. UNAVAILABLE if the store
  // is unreachable.
  virtual absl::StatusOr<RevocationBatch> RevokedAfter(uint64_t cursor, absl::Time not_before) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_SESSION_REVOCATION_LOG_H_
