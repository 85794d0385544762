// SessionStore on PostgreSQL (tables sessions and refresh_tokens,
// storage/migrations/0001_initial.sql).
#ifndef TGAUTH_STORAGE_POSTGRES_SESSION_STORE_H_
#define TGAUTH_STORAGE_POSTGRES_SESSION_STORE_H_

#include "storage/postgres_database.h"
#include "storage/session_store.h"

namespace tgauth::storage {

class PostgresSessionStore final : public SessionStore {
 public:
  // `db` must outlive the store.
  explicit PostgresSessionStore(PostgresDatabase& db) : db_(db) {}

  // One transaction for both rows. FAILED_PRECONDITION if the user does not
  // exist (foreign key); ALREADY_EXISTS if the token hash is taken.
  absl::StatusOr<SessionRecord> Create(const NewSession& session) override;
  // Oldest first (created_at, then id); empty for an unknown or non-UUID id.
  absl::StatusOr<std::vector<SessionRecord>> ListByUser(std::string_view user_id) override;

 private:
  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_SESSION_STORE_H_
