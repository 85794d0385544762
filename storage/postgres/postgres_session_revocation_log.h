// SessionRevocationLog on PostgreSQL: reads sessions.revoked_xid (written by
// PostgresSessionStore) against the reading snapshot's xmin
// (queries/list_revocations_after.sql). Give it a database of its own (one
// connection), so a busy request pool never delays the poll past the 1 s
// bound.
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_SESSION_REVOCATION_LOG_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_SESSION_REVOCATION_LOG_H_

#include "storage/postgres/postgres_database.h"
#include "storage/session_revocation_log.h"

namespace tgauth::storage {

class PostgresSessionRevocationLog final : public SessionRevocationLog {
 public:
  // `db` must outlive the log.
  explicit PostgresSessionRevocationLog(PostgresDatabase& db) : db_(db) {}

  // One statement, so its rows and its cursor share one snapshot.
  absl::StatusOr<RevocationBatch> RevokedAfter(uint64_t cursor, absl::Time not_before) override;

 private:
  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_SESSION_REVOCATION_LOG_H_
