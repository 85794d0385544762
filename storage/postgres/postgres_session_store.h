// SessionStore on PostgreSQL (tables sessions and refresh_tokens,
// storage/postgres/migrations/0001_initial.sql, 0002_session_lifecycle.sql
// and 0004_revocation_commit_order.sql).
//
// Revocations: revoked_at is the database's clock (clock_timestamp()), not
// the `now` a caller passes, and revoked_xid is the revoking transaction's
// id. The revocation feed (PostgresSessionRevocationLog) reads by that id
// against its snapshot's xmin, which follows commit order: a revocation that
// commits late is still read, however late, while a timestamp taken before
// the commit could fall behind what a reader had already passed.
//
// Every transaction that locks session rows first bounds its lock wait to
// kLockTimeout: a row held by another replica then fails fast with
// UNAVAILABLE (retryable) instead of holding a request thread.
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_SESSION_STORE_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_SESSION_STORE_H_

#include "absl/strings/string_view.h"
#include "storage/postgres/postgres_database.h"
#include "storage/session_store.h"

namespace tgauth::storage {

class PostgresSessionStore final : public SessionStore {
 public:
  // How long a statement waits for a session's row lock (a PostgreSQL
  // interval). Refresh holds the lock for two short statements.
  static constexpr char kLockTimeout[] = "2s";

  // `db` must outlive the store.
  explicit PostgresSessionStore(PostgresDatabase& db) : db_(db) {}

  // One statement for both rows. FAILED_PRECONDITION if the user does not
  // exist (foreign key); ALREADY_EXISTS if the token hash is taken.
  absl::StatusOr<SessionRecord> Create(const NewSession& session) override;
  // One statement (sign_in_telegram_user.sql) in one implicit transaction;
  // run again, in rare races, when a concurrent first sign-in of the same
  // account committed meanwhile, and once on a fresh connection when the
  // connection breaks (ALREADY_EXISTS then if the first run did commit).
  absl::StatusOr<TelegramSignIn> CreateForTelegramUser(const TelegramProfile& profile,
                                                       const NewSession& session) override;
  // Oldest first (created_at, then id); empty for an unknown or non-UUID id.
  absl::StatusOr<std::vector<SessionRecord>> ListByUser(absl::string_view user_id) override;
  // Newest first; empty for an unknown or non-UUID id.
  absl::StatusOr<std::vector<SessionRecord>> ListActiveByUser(absl::string_view user_id,
                                                              absl::Time now) override;
  // NOT_FOUND for an unknown or non-UUID id.
  absl::StatusOr<SessionRecord> Get(absl::string_view session_id) override;
  // BEGIN; lock the session row; read the chain (WITH RECURSIVE); apply the
  // decision in one statement; COMMIT. NOT_FOUND for an unknown hash;
  // FAILED_PRECONDITION (nothing written) if told to rotate a token that is
  // not current.
  absl::StatusOr<RefreshChain> Refresh(
      absl::string_view token_hash, const RefreshTokenHolder& holder,
      absl::FunctionRef<RefreshDecision(const RefreshChain&)> decide) override;
  // One statement calling rotate_current_refresh_token_v2 (migrations/
  // 0012_session_clients.sql, as 0008's) in one implicit transaction.
  absl::StatusOr<RefreshChain> RotateCurrent(absl::string_view token_hash,
                                             const RefreshTokenHolder& holder,
                                             const RefreshDecision& rotation) override;
  // NOT_FOUND for an unknown or non-UUID id; UNAVAILABLE if the row stays
  // locked for kLockTimeout (so for every method that revokes or refreshes).
  absl::StatusOr<bool> Revoke(absl::string_view session_id, absl::Time now,
                              absl::string_view reason) override;
  // NOT_FOUND for an unknown hash.
  absl::StatusOr<Revocation> RevokeByRefreshToken(absl::string_view token_hash, absl::Time now,
                                                  absl::string_view reason) override;
  // One UPDATE; empty for an unknown or non-UUID user id.
  absl::StatusOr<std::vector<std::string>> RevokeAllExcept(absl::string_view user_id,
                                                           absl::string_view keep_session_id,
                                                           absl::Time now,
                                                           absl::string_view reason) override;
  // One DELETE of at most `limit` rows, skipping rows another cleaner holds.
  absl::StatusOr<int> DeleteExpiredRefreshTokens(absl::Time now, int limit) override;
  // One DELETE of at most `limit` sessions (their tokens go by cascade).
  absl::StatusOr<int> DeleteEndedSessions(absl::Time ended_before, int limit) override;

 private:
  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_SESSION_STORE_H_
