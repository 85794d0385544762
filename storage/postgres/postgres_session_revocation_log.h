// SessionRevocationLog on PostgreSQL: reads sessions.revoked_at (written by
// PostgresSessionStore). Give it a database of its own (one connection), so
// a busy request pool never delays the poll past the 1 s bound.
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_SESSION_REVOCATION_LOG_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_SESSION_REVOCATION_LOG_H_

#include "storage/postgres/postgres_database.h"
#include "storage/session_revocation_log.h"

namespace tgauth::storage {

class PostgresSessionRevocationLog final : public SessionRevocationLog {
 public:
  // `db` must outlive the log.
  explicit PostgresSessionRevocationLog(PostgresDatabase& db) : db_(db) {}

  absl::StatusOr<std::vector<SessionRevocation>> RevokedSince(absl::Time since) override;

 private:
  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_SESSION_REVOCATION_LOG_H_
