// UserAdminStore on PostgreSQL (users, sessions, refresh_tokens,
// invite_redemptions; migrations/0006_user_administration.sql).
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_USER_ADMIN_STORE_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_USER_ADMIN_STORE_H_

#include "storage/postgres/postgres_database.h"
#include "storage/user_admin_store.h"

namespace tgauth::storage {

class PostgresUserAdminStore final : public UserAdminStore {
 public:
  // `db` must outlive the store.
  explicit PostgresUserAdminStore(PostgresDatabase& db) : db_(db) {}

  absl::StatusOr<UserRecord> FindByUsername(absl::string_view username) override;
  absl::StatusOr<std::vector<UserRecord>> List(const UserFilter& filter,
                                               const std::optional<UserCursor>& after,
                                               int limit) override;
  // Locks the user's row (lock_user.sql), then writes.
  absl::StatusOr<UserChange> Block(absl::string_view user_id, absl::string_view reason,
                                   absl::Time now) override;
  absl::StatusOr<UserChange> Unblock(absl::string_view user_id, absl::Time now) override;
  absl::StatusOr<UserChange> Erase(absl::string_view user_id, absl::Time now) override;
  absl::StatusOr<std::vector<int64_t>> ListBlockedTelegramIds() override;
  absl::StatusOr<std::vector<UserRedemption>> ListRedemptions(absl::string_view user_id) override;

 private:
  // In one transaction: locks the user (NOT_FOUND if absent), revokes the
  // user's active sessions with `revoke_reason` unless that is empty, then
  // runs `change`.
  absl::StatusOr<UserChange> ChangeUser(
      absl::string_view user_id, absl::Time now, absl::string_view revoke_reason,
      absl::FunctionRef<void(pqxx::transaction_base&, UserChange&)> change);

  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_USER_ADMIN_STORE_H_
