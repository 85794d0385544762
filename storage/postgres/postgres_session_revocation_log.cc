#include "storage/postgres/postgres_session_revocation_log.h"

namespace tgauth::storage {
namespace {

// Served by the partial index on sessions (revoked_at) (migration 0002).
constexpr Statement kRevokedSince = {
    "sessions_revoked_since",
    "SELECT id::text, (extract(epoch FROM revoked_at) * 1000000)::bigint FROM sessions"
    " WHERE revoked_at >= $1::timestamptz"};

}  // namespace

absl::StatusOr<std::vector<SessionRevocation>> PostgresSessionRevocationLog::RevokedSince(
    absl::Time since) {
  std::vector<SessionRevocation> revocations;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    revocations.clear();
    for (const pqxx::row& row : Exec(tx, kRevokedSince, ToSqlTime(since))) {
      revocations.push_back(
          {.session_id = row[0].as<std::string>(), .revoked_at = FromSqlMicros(row[1])});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return revocations;
}

}  // namespace tgauth::storage
