// UserStore on PostgreSQL (table users, storage/migrations/0001_initial.sql).
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_USER_STORE_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_USER_STORE_H_

#include "absl/strings/string_view.h"
#include "storage/postgres/postgres_database.h"
#include "storage/user_store.h"

namespace tgauth::storage {

// A user from the first kUserColumns columns of `row`, in the order every query
// returning users has them (find_user_by_id.sql, ...).
UserRecord UserFromRow(const pqxx::row& row);
inline constexpr int kUserColumns = 13;

class PostgresUserStore final : public UserStore {
 public:
  // `db` must outlive the store.
  explicit PostgresUserStore(PostgresDatabase& db) : db_(db) {}

  // NOT_FOUND if no user has this Telegram id; UNAVAILABLE if unreachable.
  absl::StatusOr<UserRecord> FindByTelegramId(int64_t telegram_id) override;
  // NOT_FOUND for an unknown or non-UUID id; UNAVAILABLE if unreachable.
  absl::StatusOr<UserRecord> FindById(absl::string_view user_id) override;
  // ALREADY_EXISTS if the Telegram id is taken (unique constraint).
  absl::StatusOr<UserRecord> Insert(const TelegramProfile& profile, absl::Time now) override;
  // Writes the names and photo; the Telegram id, the account key, never
  // changes. NOT_FOUND if `user_id` is no user (or no UUID).
  absl::StatusOr<UserRecord> UpdateProfile(absl::string_view user_id,
                                           const TelegramProfile& profile, absl::Time now) override;

 private:
  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_USER_STORE_H_
