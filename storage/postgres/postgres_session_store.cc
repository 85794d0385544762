#include "storage/postgres/postgres_session_store.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/uuid.h"

namespace tgauth::storage {
namespace {

// A session with its current refresh token (`r`, the one row per session
// with rotated_at IS NULL), as read by SessionFromRow.
#define TGAUTH_MICROS(column) " (extract(epoch FROM " column ") * 1000000)::bigint"
#define TGAUTH_SESSION_COLUMNS \
  " s.id::text, s.user_id::text, s.sign_in_method, s.user_agent, s.ip_address,"            \
  " s.device_name," TGAUTH_MICROS("s.created_at") "," TGAUTH_MICROS("s.expires_at") ","    \
      TGAUTH_MICROS("r.expires_at") "," TGAUTH_MICROS("s.last_refreshed_at")               \
  ", s.revoked_at IS NOT NULL, coalesce(s.revoke_reason, '')"
#define TGAUTH_SESSION_FROM \
  " FROM sessions s JOIN refresh_tokens r ON r.session_id = s.id AND r.rotated_at IS NULL"
constexpr int kSessionColumns = 12;

// The session and its first refresh token in one statement: one round trip
// on the sign-in path instead of two.
constexpr Statement kInsertSession = {
    "sessions_insert",
    "WITH s AS (INSERT INTO sessions (user_id, sign_in_method, user_agent, ip_address,"
    " device_name, created_at, expires_at) VALUES ($1::uuid, $2, $3, $4, $5, $6::timestamptz,"
    " $7::timestamptz) RETURNING id)"
    " INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)"
    " SELECT $8, s.id, $6::timestamptz, $9::timestamptz FROM s RETURNING session_id::text"};

constexpr Statement kListByUser = {"sessions_list_by_user",
                                   "SELECT" TGAUTH_SESSION_COLUMNS TGAUTH_SESSION_FROM
                                   " WHERE s.user_id = $1::uuid ORDER BY s.created_at, s.id"};

constexpr Statement kListActiveByUser = {
    "sessions_list_active_by_user",
    "SELECT" TGAUTH_SESSION_COLUMNS TGAUTH_SESSION_FROM
    " WHERE s.user_id = $1::uuid AND s.revoked_at IS NULL AND s.expires_at > $2::timestamptz"
    " AND r.expires_at > $2::timestamptz ORDER BY s.created_at DESC, s.id DESC"};

constexpr Statement kGet = {
    "sessions_get", "SELECT" TGAUTH_SESSION_COLUMNS TGAUTH_SESSION_FROM " WHERE s.id = $1::uuid"};

// Refresh, statement 1: waits for and takes the session's row lock.
constexpr Statement kLockForRefresh = {
    "sessions_lock_for_refresh",
    "SELECT s.id::text, u.telegram_id FROM sessions s JOIN users u ON u.id = s.user_id"
    " WHERE s.id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)"
    " FOR UPDATE OF s"};

// Refresh, statement 2: a new statement, so a new snapshot (READ COMMITTED)
// that sees what the previous lock holder committed. One row per link of
// the chain, each with the session.
constexpr Statement kReadChain = {
    "refresh_tokens_read_chain",
    "WITH RECURSIVE chain AS ("
    " SELECT token_hash, created_at, expires_at, rotated_at, replaced_by, 1 AS depth"
    " FROM refresh_tokens WHERE token_hash = $1"
    " UNION ALL SELECT t.token_hash, t.created_at, t.expires_at, t.rotated_at, t.replaced_by,"
    " c.depth + 1 FROM refresh_tokens t JOIN chain c ON t.token_hash = c.replaced_by"
    " WHERE c.depth < $2)"
    " SELECT" TGAUTH_SESSION_COLUMNS
    ", c.token_hash," TGAUTH_MICROS("c.created_at") "," TGAUTH_MICROS(
        "c.expires_at") "," TGAUTH_MICROS("c.rotated_at") ", c.replaced_by" TGAUTH_SESSION_FROM
                                                          ", chain c WHERE s.id = $3::uuid ORDER "
                                                          "BY c.depth"};

// Refresh, rotation: each CTE reads the previous one, which orders them.
constexpr Statement kRotate = {
    "refresh_tokens_rotate",
    "WITH old AS (UPDATE refresh_tokens SET rotated_at = $3::timestamptz, replaced_by = $4"
    " WHERE token_hash = $2 AND session_id = $1::uuid AND rotated_at IS NULL"
    " RETURNING session_id),"
    " new AS (INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)"
    " SELECT $4, session_id, $3::timestamptz, $5::timestamptz FROM old RETURNING session_id)"
    " UPDATE sessions SET last_refreshed_at = $3::timestamptz"
    " WHERE id IN (SELECT session_id FROM new) RETURNING id"};

constexpr Statement kRevokeLocked = {
    "sessions_revoke_locked",
    "UPDATE sessions SET revoked_at = $2::timestamptz, revoke_reason = $3"
    " WHERE id = $1::uuid AND revoked_at IS NULL"};

// Revoke and RevokeByRefreshToken: the row lock in `target` sees the latest
// committed version, so two concurrent revocations report one revoker.
#define TGAUTH_REVOKE_TARGET(where)                                                    \
  "WITH target AS (SELECT id, revoked_at IS NULL AS active FROM sessions WHERE " where \
  " FOR UPDATE), revoked AS (UPDATE sessions SET revoked_at = $2::timestamptz,"        \
  " revoke_reason = $3 WHERE id IN (SELECT id FROM target WHERE active))"              \
  " SELECT id::text, active FROM target"
constexpr Statement kRevoke = {"sessions_revoke", TGAUTH_REVOKE_TARGET("id = $1::uuid")};
constexpr Statement kRevokeByRefreshToken = {
    "sessions_revoke_by_refresh_token",
    TGAUTH_REVOKE_TARGET("id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)")};
#undef TGAUTH_REVOKE_TARGET

constexpr Statement kRevokeAllExcept = {
    "sessions_revoke_all_except",
    "UPDATE sessions s SET revoked_at = $3::timestamptz, revoke_reason = $4"
    " WHERE s.user_id = $1::uuid AND s.id::text <> $2 AND s.revoked_at IS NULL"
    " AND s.expires_at > $3::timestamptz AND EXISTS (SELECT 1 FROM refresh_tokens r"
    " WHERE r.session_id = s.id AND r.rotated_at IS NULL AND r.expires_at > $3::timestamptz)"
    " RETURNING s.id::text"};

// Cleanup deletes in small batches, so no statement holds locks for long.
constexpr Statement kDeleteExpiredRefreshTokens = {
    "refresh_tokens_delete_expired",
    "DELETE FROM refresh_tokens WHERE token_hash IN (SELECT token_hash FROM refresh_tokens"
    " WHERE rotated_at IS NOT NULL AND expires_at < $1::timestamptz LIMIT $2"
    " FOR UPDATE SKIP LOCKED)"};

// One index scan per way of ending (see 0002_session_lifecycle.sql).
constexpr Statement kDeleteEndedSessions = {
    "sessions_delete_ended",
    "DELETE FROM sessions WHERE id IN ("
    "SELECT id FROM sessions WHERE revoked_at < $1::timestamptz"
    " UNION SELECT id FROM sessions WHERE expires_at < $1::timestamptz"
    " UNION SELECT session_id FROM refresh_tokens WHERE rotated_at IS NULL"
    " AND expires_at < $1::timestamptz LIMIT $2)"};

#undef TGAUTH_SESSION_FROM
#undef TGAUTH_SESSION_COLUMNS
#undef TGAUTH_MICROS

std::optional<absl::Time> OptionalTime(const pqxx::field& micros) {
  if (micros.is_null()) return std::nullopt;
  return FromSqlMicros(micros);
}

std::string Bytes(const pqxx::field& bytea) {
  if (bytea.is_null()) return "";
  return pqxx::binarystring(bytea).str();
}

SessionRecord SessionFromRow(const pqxx::row& row) {
  SessionRecord s;
  s.id = row[0].as<std::string>();
  s.user_id = row[1].as<std::string>();
  s.sign_in_method = row[2].as<std::string>();
  s.device.user_agent = row[3].as<std::string>();
  s.device.ip_address = row[4].as<std::string>();
  s.device.name = row[5].as<std::string>();
  s.created_at = FromSqlMicros(row[6]);
  s.expires_at = FromSqlMicros(row[7]);
  s.refresh_token_expires_at = FromSqlMicros(row[8]);
  s.last_refreshed_at = OptionalTime(row[9]);
  s.revoked = row[10].as<bool>();
  s.revoke_reason = row[11].as<std::string>();
  return s;
}

RefreshTokenRecord TokenFromRow(const pqxx::row& row, int first) {
  RefreshTokenRecord t;
  t.token_hash = Bytes(row[first]);
  t.created_at = FromSqlMicros(row[first + 1]);
  t.expires_at = FromSqlMicros(row[first + 2]);
  t.rotated_at = OptionalTime(row[first + 3]);
  t.replaced_by = Bytes(row[first + 4]);
  return t;
}

std::vector<SessionRecord> SessionsFrom(const pqxx::result& rows) {
  std::vector<SessionRecord> sessions;
  sessions.reserve(rows.size());
  for (const pqxx::row& row : rows) sessions.push_back(SessionFromRow(row));
  return sessions;
}

// Applies `decision` to `chain` in `tx`, which holds the session's lock.
absl::Status Apply(pqxx::transaction_base& tx, const RefreshChain& chain,
                   const RefreshDecision& decision) {
  switch (decision.action) {
    case RefreshDecision::Action::kNothing:
      return absl::OkStatus();
    case RefreshDecision::Action::kRotate:
      if (Exec(tx, kRotate, chain.session.id, pqxx::binarystring(chain.tokens.back().token_hash),
               ToSqlTime(decision.now), pqxx::binarystring(decision.successor_hash),
               ToSqlTime(decision.successor_expires_at))
              .empty()) {
        return absl::FailedPreconditionError("refresh token is not the current one");
      }
      return absl::OkStatus();
    case RefreshDecision::Action::kRevoke:
      Exec(tx, kRevokeLocked, chain.session.id, ToSqlTime(decision.now), decision.revoke_reason);
      return absl::OkStatus();
  }
  return absl::InternalError("unknown refresh decision");
}

}  // namespace

absl::StatusOr<SessionRecord> PostgresSessionStore::Create(const NewSession& session) {
  if (!IsUuid(session.user_id)) return absl::FailedPreconditionError("no such user");
  std::string id;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    id =
        Exec(tx, kInsertSession, session.user_id, session.sign_in_method, session.device.user_agent,
             session.device.ip_address, session.device.name, ToSqlTime(session.created_at),
             ToSqlTime(session.expires_at), pqxx::binarystring(session.refresh_token_hash),
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
  record.refresh_token_expires_at =
      absl::FromUnixMicros(absl::ToUnixMicros(session.refresh_token_expires_at));
  return record;
}

absl::StatusOr<std::vector<SessionRecord>> PostgresSessionStore::ListByUser(
    absl::string_view user_id) {
  std::vector<SessionRecord> sessions;
  if (!IsUuid(user_id)) return sessions;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    sessions = SessionsFrom(Exec(tx, kListByUser, std::string(user_id)));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return sessions;
}

absl::StatusOr<std::vector<SessionRecord>> PostgresSessionStore::ListActiveByUser(
    absl::string_view user_id, absl::Time now) {
  std::vector<SessionRecord> sessions;
  if (!IsUuid(user_id)) return sessions;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    sessions = SessionsFrom(Exec(tx, kListActiveByUser, std::string(user_id), ToSqlTime(now)));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return sessions;
}

absl::StatusOr<SessionRecord> PostgresSessionStore::Get(absl::string_view session_id) {
  if (!IsUuid(session_id)) return absl::NotFoundError("no such session");
  SessionRecord session;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, kGet, std::string(session_id));
    if (rows.empty()) return absl::NotFoundError("no such session");
    session = SessionFromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return session;
}

absl::StatusOr<RefreshChain> PostgresSessionStore::Refresh(
    absl::string_view token_hash, absl::FunctionRef<RefreshDecision(const RefreshChain&)> decide) {
  const pqxx::binarystring hash(token_hash.data(), token_hash.size());
  RefreshChain chain;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    chain = RefreshChain();
    pqxx::result locked = Exec(tx, kLockForRefresh, hash);
    if (locked.empty()) return absl::NotFoundError("unknown refresh token");
    const std::string session_id = locked[0][0].as<std::string>();
    chain.telegram_id = locked[0][1].as<int64_t>();
    pqxx::result links = Exec(tx, kReadChain, hash, kMaxChainLength, session_id);
    // The session has no current token only if the schema's invariant broke.
    if (links.empty()) return absl::InternalError("session without a current refresh token");
    chain.session = SessionFromRow(links[0]);
    for (const pqxx::row& row : links) chain.tokens.push_back(TokenFromRow(row, kSessionColumns));
    return Apply(tx, chain, decide(chain));
  });
  if (!status.ok()) return status;
  return chain;
}

absl::StatusOr<bool> PostgresSessionStore::Revoke(absl::string_view session_id, absl::Time now,
                                                  absl::string_view reason) {
  if (!IsUuid(session_id)) return absl::NotFoundError("no such session");
  bool revoked = false;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    pqxx::result rows =
        Exec(tx, kRevoke, std::string(session_id), ToSqlTime(now), std::string(reason));
    if (rows.empty()) return absl::NotFoundError("no such session");
    revoked = rows[0][1].as<bool>();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return revoked;
}

absl::StatusOr<Revocation> PostgresSessionStore::RevokeByRefreshToken(absl::string_view token_hash,
                                                                      absl::Time now,
                                                                      absl::string_view reason) {
  Revocation revocation;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    pqxx::result rows =
        Exec(tx, kRevokeByRefreshToken, pqxx::binarystring(token_hash.data(), token_hash.size()),
             ToSqlTime(now), std::string(reason));
    if (rows.empty()) return absl::NotFoundError("unknown refresh token");
    revocation = {rows[0][0].as<std::string>(), rows[0][1].as<bool>()};
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return revocation;
}

absl::StatusOr<std::vector<std::string>> PostgresSessionStore::RevokeAllExcept(
    absl::string_view user_id, absl::string_view keep_session_id, absl::Time now,
    absl::string_view reason) {
  std::vector<std::string> ids;
  if (!IsUuid(user_id)) return ids;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    ids.clear();
    for (const pqxx::row& row :
         Exec(tx, kRevokeAllExcept, std::string(user_id), std::string(keep_session_id),
              ToSqlTime(now), std::string(reason))) {
      ids.push_back(row[0].as<std::string>());
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return ids;
}

absl::StatusOr<int> PostgresSessionStore::DeleteExpiredRefreshTokens(absl::Time now, int limit) {
  int deleted = 0;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    deleted = static_cast<int>(
        Exec(tx, kDeleteExpiredRefreshTokens, ToSqlTime(now), limit).affected_rows());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return deleted;
}

absl::StatusOr<int> PostgresSessionStore::DeleteEndedSessions(absl::Time ended_before, int limit) {
  int deleted = 0;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    deleted = static_cast<int>(
        Exec(tx, kDeleteEndedSessions, ToSqlTime(ended_before), limit).affected_rows());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return deleted;
}

}  // namespace tgauth::storage
