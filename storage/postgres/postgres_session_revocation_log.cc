#include "storage/postgres/postgres_session_revocation_log.h"

#include "storage/postgres/queries.h"

namespace tgauth::storage {
absl::StatusOr<std::vector<SessionRevocation>> PostgresSessionRevocationLog::RevokedSince(
    absl::Time since) {
  std::vector<SessionRevocation> revocations;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    revocations.clear();
    for (const pqxx::row& row : Exec(tx, queries::kListSessionsRevokedSince, ToSqlTime(since))) {
      revocations.push_back(
          {.session_id = row[0].as<std::string>(), .revoked_at = FromSqlMicros(row[1])});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return revocations;
}

}  // namespace tgauth::storage
