#include "storage/postgres/postgres_session_store.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/uuid.h"
#include "storage/domain_events.h"
#include "storage/postgres/outbox_writer.h"
#include "storage/postgres/postgres_user_store.h"
#include "storage/postgres/queries.h"

namespace tgauth::storage {
namespace {

// The columns SessionFromRow reads come first in every query returning
// sessions (get_session.sql, read_refresh_token_chain.sql, ...).
constexpr int kSessionColumns = 15;

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
  s.client_id = row[12].as<std::string>();
  s.scope = row[13].as<std::string>();
  s.auth_time = FromSqlMicros(row[14]);
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
      if (Exec(tx, queries::kRotateRefreshToken, chain.session.id,
               pqxx::binarystring(chain.tokens.back().token_hash), ToSqlTime(decision.now),
               pqxx::binarystring(decision.successor_hash),
               ToSqlTime(decision.successor_expires_at))
              .empty()) {
        return absl::FailedPreconditionError("refresh token is not the current one");
      }
      AppendEvent(tx, SessionRefreshedEvent(EventOrigin::Current(), chain.session.user_id,
                                            chain.session.id));
      return absl::OkStatus();
    case RefreshDecision::Action::kRevoke:
      if (Exec(tx, queries::kRevokeLockedSession, chain.session.id, decision.revoke_reason)
              .affected_rows() > 0) {
        // The refresher revokes for reuse: tgauth's decision, not the caller's.
        AppendEvent(
            tx, SessionRevokedEvent(EventOrigin::System(), chain.session.user_id, chain.session.id,
                                    decision.revoke_reason, chain.session.client_id));
      }
      return absl::OkStatus();
  }
  return absl::InternalError("unknown refresh decision");
}

// Bounds how long `tx` waits for a session's row lock (limit_lock_wait.sql).
void LimitLockWait(pqxx::transaction_base& tx) {
  Exec(tx, queries::kLimitLockWait, PostgresSessionStore::kLockTimeout);
}

}  // namespace

namespace {

// The session record `session` wrote under `id`, at the precision the
// database keeps (microseconds).
SessionRecord WrittenRecord(std::string id, std::string user_id, const NewSession& session) {
  SessionRecord record;
  record.id = std::move(id);
  record.user_id = std::move(user_id);
  record.sign_in_method = session.sign_in_method;
  record.device = session.device;
  record.created_at = absl::FromUnixMicros(absl::ToUnixMicros(session.created_at));
  record.expires_at = absl::FromUnixMicros(absl::ToUnixMicros(session.expires_at));
  record.refresh_token_expires_at =
      absl::FromUnixMicros(absl::ToUnixMicros(session.refresh_token_expires_at));
  record.client_id = session.client_id;
  record.scope = session.scope;
  record.auth_time = absl::FromUnixMicros(absl::ToUnixMicros(session.recorded_auth_time()));
  return record;
}

// session.auth_time as a nullable timestamptz parameter: NULL, read back as
// created_at, when unset. `text` keeps the string alive.
const char* AuthTimeParameter(const NewSession& session, std::string& text) {
  return OptionalSqlTime(session.auth_time == absl::InfinitePast()
                             ? std::nullopt
                             : std::optional<absl::Time>(session.auth_time),
                         text);
}

}  // namespace

absl::StatusOr<SessionRecord> PostgresSessionStore::Create(const NewSession& session) {
  if (!IsUuid(session.user_id)) return absl::FailedPreconditionError("no such user");
  std::string id;
  std::string auth_time;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(
        tx, queries::kInsertSession, session.user_id, session.sign_in_method,
        session.device.user_agent, session.device.ip_address, session.device.name,
        ToSqlTime(session.created_at), ToSqlTime(session.expires_at),
        pqxx::binarystring(session.refresh_token_hash), ToSqlTime(session.refresh_token_expires_at),
        session.client_id, session.scope, AuthTimeParameter(session, auth_time));
    // The statement writes nothing for a client_id that is not registered.
    if (rows.empty()) return absl::FailedPreconditionError(kUnknownOAuthClientMessage);
    id = rows[0][0].as<std::string>();
    const EventOrigin origin = EventOrigin::Current();
    if (session.redeems_confirmed_login) {
      AppendEvent(tx, LoginConfirmedEvent(origin, session.user_id, id, session.device));
    }
    AppendEvent(tx, SessionCreatedEvent(origin, session.user_id, id, session.sign_in_method,
                                        session.device));
    return absl::OkStatus();
  });
  // The statement checks client_id itself, so the only foreign key it can
  // violate is sessions.user_id; the only unique one a caller can hit is
  // refresh_tokens.token_hash.
  if (absl::IsFailedPrecondition(status) && status.message() != kUnknownOAuthClientMessage) {
    return absl::FailedPreconditionError("no such user");
  }
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError("refresh token hash already in use");
  }
  if (!status.ok()) return status;
  return WrittenRecord(std::move(id), session.user_id, session);
}

absl::StatusOr<TelegramSignIn> PostgresSessionStore::CreateForTelegramUser(
    const TelegramProfile& profile, const NewSession& session) {
  std::optional<TelegramSignIn> signed_in;
  // The statement fills in the ids of the events it appends.
  const EventOrigin origin = EventOrigin::Current();
  const std::string user_created = OutboxPayload(UserCreatedEvent(origin, "", profile));
  const std::string session_created =
      OutboxPayload(SessionCreatedEvent(origin, "", "", session.sign_in_method, session.device));
  const std::string login_confirmed =
      session.redeems_confirmed_login
          ? OutboxPayload(LoginConfirmedEvent(origin, "", "", session.device))
          : "";
  std::string auth_time;
  auto sign_in = [&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(
        tx, queries::kSignInTelegramUser, profile.telegram_id, profile.first_name,
        profile.last_name, profile.username, profile.photo_url, ToSqlTime(session.created_at),
        session.sign_in_method, session.device.user_agent, session.device.ip_address,
        session.device.name, ToSqlTime(session.expires_at),
        pqxx::binarystring(session.refresh_token_hash), ToSqlTime(session.refresh_token_expires_at),
        static_cast<int>(origin.actor), origin.actor_name, origin.request_id, user_created,
        session_created, login_confirmed, profile.language_code, session.client_id, session.scope,
        AuthTimeParameter(session, auth_time));
    signed_in.reset();
    if (rows.empty()) return absl::OkStatus();  // Lost a race to create the user.
    if (rows[0][kUserColumns].is_null()) return absl::PermissionDeniedError(kBlockedUserMessage);
    TelegramSignIn& s = signed_in.emplace();
    s.user = UserFromRow(rows[0]);
    s.session.id = rows[0][kUserColumns].as<std::string>();
    return absl::OkStatus();
  };
  // The second statement's snapshot sees the user the race was lost to.
  for (int attempt = 0; attempt < 2 && !signed_in.has_value(); ++attempt) {
    absl::Status status = db_.Autocommit(sign_in);
    if (absl::IsAlreadyExists(status)) {
      return absl::AlreadyExistsError("refresh token hash already in use");
    }
    // The session's user is the statement's own row: only sessions.client_id
    // can name a row that does not exist.
    if (absl::IsFailedPrecondition(status) && !session.client_id.empty()) {
      return absl::FailedPreconditionError(kUnknownOAuthClientMessage);
    }
    if (!status.ok()) return status;
  }
  if (!signed_in.has_value()) return absl::UnavailableError("sign-in lost a race twice; retry");
  signed_in->session = WrittenRecord(std::move(signed_in->session.id), signed_in->user.id, session);
  return *std::move(signed_in);
}

absl::StatusOr<std::vector<SessionRecord>> PostgresSessionStore::ListByUser(
    absl::string_view user_id) {
  std::vector<SessionRecord> sessions;
  if (!IsUuid(user_id)) return sessions;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    sessions = SessionsFrom(Exec(tx, queries::kListSessionsByUser, std::string(user_id)));
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
    sessions = SessionsFrom(
        Exec(tx, queries::kListActiveSessionsByUser, std::string(user_id), ToSqlTime(now)));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return sessions;
}

absl::StatusOr<SessionRecord> PostgresSessionStore::Get(absl::string_view session_id) {
  if (!IsUuid(session_id)) return absl::NotFoundError("no such session");
  SessionRecord session;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, queries::kGetSession, std::string(session_id));
    if (rows.empty()) return absl::NotFoundError("no such session");
    session = SessionFromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return session;
}

absl::StatusOr<RefreshChain> PostgresSessionStore::Refresh(
    absl::string_view token_hash, const RefreshTokenHolder& holder,
    absl::FunctionRef<RefreshDecision(const RefreshChain&)> decide) {
  const pqxx::binarystring hash(token_hash.data(), token_hash.size());
  RefreshChain chain;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    chain = RefreshChain();
    LimitLockWait(tx);
    pqxx::result locked = Exec(tx, queries::kLockSessionByRefreshTokenHash, hash);
    if (locked.empty()) return absl::NotFoundError("unknown refresh token");
    const std::string session_id = locked[0][0].as<std::string>();
    chain.telegram_id = locked[0][1].as<int64_t>();
    chain.subscription = {.tier = locked[0][2].as<std::string>(),
                          .expires_at = OptionalTime(locked[0][3])};
    pqxx::result links =
        Exec(tx, queries::kReadRefreshTokenChain, hash, kMaxChainLength, session_id);
    // The session has no current token only if the schema's invariant broke.
    if (links.empty()) return absl::InternalError("session without a current refresh token");
    chain.session = SessionFromRow(links[0]);
    for (const pqxx::row& row : links) chain.tokens.push_back(TokenFromRow(row, kSessionColumns));
    // Refused here, the transaction rolls back having written nothing.
    if (absl::Status held = CheckHolder(holder, chain.session); !held.ok()) return held;
    return Apply(tx, chain, decide(chain));
  });
  if (!status.ok()) return status;
  return chain;
}

absl::StatusOr<RefreshChain> PostgresSessionStore::RotateCurrent(absl::string_view token_hash,
                                                                 const RefreshTokenHolder& holder,
                                                                 const RefreshDecision& rotation) {
  if (rotation.action != RefreshDecision::Action::kRotate) {
    return absl::InvalidArgumentError("RotateCurrent takes a rotation");
  }
  // The columns rotate_current_refresh_token.sql returns after the session's
  // and the token's.
  constexpr int kUser = kSessionColumns + 5;
  constexpr int kRotated = kUser + 3;
  RefreshChain chain;
  bool rotated = false;
  // The statement fills in the ids of the session.refreshed event it appends.
  const EventOrigin origin = EventOrigin::Current();
  const std::string refreshed = OutboxPayload(SessionRefreshedEvent(origin, "", ""));
  absl::Status status = db_.Autocommit([&](pqxx::transaction_base& tx) {
    pqxx::result rows =
        Exec(tx, queries::kRotateCurrentRefreshToken,
             pqxx::binarystring(token_hash.data(), token_hash.size()),
             pqxx::binarystring(rotation.successor_hash), ToSqlTime(rotation.now),
             ToSqlTime(rotation.successor_expires_at), kLockTimeout, static_cast<int>(origin.actor),
             origin.actor_name, origin.request_id, refreshed, holder.client_id, holder.scope);
    if (rows.empty()) return absl::NotFoundError("unknown refresh token");
    const pqxx::row row = rows[0];
    chain = RefreshChain();
    chain.session = SessionFromRow(row);
    chain.tokens.push_back(TokenFromRow(row, kSessionColumns));
    chain.telegram_id = row[kUser].as<int64_t>();
    chain.subscription = {.tier = row[kUser + 1].as<std::string>(),
                          .expires_at = OptionalTime(row[kUser + 2])};
    rotated = row[kRotated].as<bool>();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  // The statement rotated nothing for another holder (0013's function).
  if (absl::Status held = CheckHolder(holder, chain.session); !held.ok()) return held;
  if (!rotated) return absl::FailedPreconditionError("not the current token of a live session");
  return chain;
}

absl::StatusOr<bool> PostgresSessionStore::Revoke(absl::string_view session_id, absl::Time now,
                                                  absl::string_view reason) {
  if (!IsUuid(session_id)) return absl::NotFoundError("no such session");
  bool revoked = false;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    LimitLockWait(tx);
    pqxx::result rows =
        Exec(tx, queries::kRevokeSession, std::string(session_id), std::string(reason));
    if (rows.empty()) return absl::NotFoundError("no such session");
    revoked = rows[0][1].as<bool>();
    if (revoked) {
      AppendEvent(tx, SessionRevokedEvent(EventOrigin::Current(), rows[0][2].as<std::string>(),
                                          session_id, reason, rows[0][3].as<std::string>()));
    }
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
    LimitLockWait(tx);
    pqxx::result rows =
        Exec(tx, queries::kRevokeSessionByRefreshTokenHash,
             pqxx::binarystring(token_hash.data(), token_hash.size()), std::string(reason));
    if (rows.empty()) return absl::NotFoundError("unknown refresh token");
    revocation = {rows[0][0].as<std::string>(), rows[0][1].as<bool>()};
    if (revocation.newly_revoked) {
      AppendEvent(tx,
                  SessionRevokedEvent(EventOrigin::Current(), rows[0][2].as<std::string>(),
                                      revocation.session_id, reason, rows[0][3].as<std::string>()));
    }
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
    LimitLockWait(tx);
    const EventOrigin origin = EventOrigin::Current();
    for (const pqxx::row& row :
         Exec(tx, queries::kRevokeUserSessionsExcept, std::string(user_id),
              std::string(keep_session_id), ToSqlTime(now), std::string(reason))) {
      ids.push_back(row[0].as<std::string>());
      AppendEvent(
          tx, SessionRevokedEvent(origin, user_id, ids.back(), reason, row[1].as<std::string>()));
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
        Exec(tx, queries::kDeleteExpiredRefreshTokens, ToSqlTime(now), limit).affected_rows());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return deleted;
}

absl::StatusOr<int> PostgresSessionStore::DeleteEndedSessions(absl::Time ended_before, int limit) {
  int deleted = 0;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, queries::kDeleteEndedSessions, ToSqlTime(ended_before), limit);
    deleted = static_cast<int>(rows.size());
    // A revoked session had its event when it was revoked; the others
    // expired, which nothing recorded until now.
    const EventOrigin origin = EventOrigin::System();
    for (const pqxx::row& row : rows) {
      if (!row[2].as<bool>()) continue;
      AppendEvent(tx,
                  SessionRevokedEvent(origin, row[1].as<std::string>(), row[0].as<std::string>(),
                                      kSessionExpiredReason, row[3].as<std::string>()));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return deleted;
}

}  // namespace tgauth::storage
