#include "storage/postgres_session_store.h"

#include "absl/status/status.h"

namespace tgauth::storage {
namespace {

// The session and its first refresh token in one statement: one round trip
// on the sign-in path instead of two.
constexpr Statement kInsertSession = {
    "sessions_insert",
    "WITH s AS (INSERT INTO sessions (user_id, sign_in_method, user_agent, ip_address,"
    " device_name, created_at, expires_at) VALUES ($1::uuid, $2, $3, $4, $5, $6::timestamptz,"
    " $7::timestamptz) RETURNING id)"
    " INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)"
    " SELECT $8, s.id, $6::timestamptz, $9::timestamptz FROM s RETURNING session_id::text"};

constexpr Statement kListByUser = {
    "sessions_list_by_user",
    "SELECT id::text, user_id::text, sign_in_method, user_agent, ip_address, device_name,"
    " (extract(epoch FROM created_at) * 1000000)::bigint,"
    " (extract(epoch FROM expires_at) * 1000000)::bigint, revoked_at IS NOT NULL"
    " FROM sessions WHERE user_id = $1::uuid ORDER BY created_at, id"};

}  // namespace

absl::StatusOr<SessionRecord> PostgresSessionStore::Create(const NewSession& session) {
  if (!IsUuid(session.user_id)) return absl::FailedPreconditionError("no such user");
  std::string id;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    id = Exec(tx, kInsertSession, session.user_id, session.sign_in_method,
              session.device.user_agent, session.device.ip_address, session.device.name,
              ToSqlTime(session.created_at), ToSqlTime(session.expires_at),
              pqxx::binarystring(session.refresh_token_hash),
              ToSqlTime(session.refresh_token_expires_at))[0][0]
             .as<std::string>();
    return absl::OkStatus();
  });
  // The only foreign key on this path is sessions.user_id; the only unique
  // one a caller can hit is refresh_tokens.token_hash.
  if (absl::IsFailedPrecondition(status)) return absl::FailedPreconditionError("no such user");
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError("refresh token hash already in use");
  }
  if (!status.ok()) return status;
  // What was written, at the precision the database keeps.
  SessionRecord record;
  record.id = std::move(id);
  record.user_id = session.user_id;
  record.sign_in_method = session.sign_in_method;
  record.device = session.device;
  record.created_at = absl::FromUnixMicros(absl::ToUnixMicros(session.created_at));
  record.expires_at = absl::FromUnixMicros(absl::ToUnixMicros(session.expires_at));
  return record;
}

absl::StatusOr<std::vector<SessionRecord>> PostgresSessionStore::ListByUser(
    std::string_view user_id) {
  std::vector<SessionRecord> sessions;
  if (!IsUuid(user_id)) return sessions;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    sessions.clear();
    for (const pqxx::row& row : Exec(tx, kListByUser, std::string(user_id))) {
      SessionRecord& s = sessions.emplace_back();
      s.id = row[0].as<std::string>();
      s.user_id = row[1].as<std::string>();
      s.sign_in_method = row[2].as<std::string>();
      s.device.user_agent = row[3].as<std::string>();
      s.device.ip_address = row[4].as<std::string>();
      s.device.name = row[5].as<std::string>();
      s.created_at = FromSqlMicros(row[6]);
      s.expires_at = FromSqlMicros(row[7]);
      s.revoked = row[8].as<bool>();
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return sessions;
}

}  // namespace tgauth::storage
