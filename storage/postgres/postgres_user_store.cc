#include "storage/postgres/postgres_user_store.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/uuid.h"

namespace tgauth::storage {
namespace {

// Every query returns the same columns, read by FromRow.
#define TGAUTH_USER_COLUMNS                                                 \
  "id::text, telegram_id, first_name, last_name, username, photo_url,"      \
  " (extract(epoch FROM created_at) * 1000000)::bigint,"                    \
  " (extract(epoch FROM updated_at) * 1000000)::bigint, subscription_tier," \
  " (extract(epoch FROM subscription_expires_at) * 1000000)::bigint"

constexpr Statement kFindByTelegramId = {"users_find_by_telegram_id",
                                         "SELECT " TGAUTH_USER_COLUMNS
                                         " FROM users WHERE telegram_id = $1"};

constexpr Statement kFindById = {"users_find_by_id",
                                 "SELECT " TGAUTH_USER_COLUMNS " FROM users WHERE id = $1::uuid"};

constexpr Statement kInsert = {
    "users_insert",
    "INSERT INTO users (telegram_id, first_name, last_name, username, photo_url,"
    " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz)"
    " RETURNING " TGAUTH_USER_COLUMNS};

constexpr Statement kUpdateProfile = {
    "users_update_profile",
    "UPDATE users SET first_name = $2, last_name = $3, username = $4, photo_url = $5,"
    " updated_at = $6::timestamptz WHERE id = $1::uuid RETURNING " TGAUTH_USER_COLUMNS};

#undef TGAUTH_USER_COLUMNS

UserRecord FromRow(const pqxx::row& row) {
  UserRecord user;
  user.id = row[0].as<std::string>();
  user.profile.telegram_id = row[1].as<int64_t>();
  user.profile.first_name = row[2].as<std::string>();
  user.profile.last_name = row[3].as<std::string>();
  user.profile.username = row[4].as<std::string>();
  user.profile.photo_url = row[5].as<std::string>();
  user.created_at = FromSqlMicros(row[6]);
  user.updated_at = FromSqlMicros(row[7]);
  user.subscription.tier = row[8].as<std::string>();
  if (!row[9].is_null()) user.subscription.expires_at = FromSqlMicros(row[9]);
  return user;
}

}  // namespace

absl::StatusOr<UserRecord> PostgresUserStore::FindByTelegramId(int64_t telegram_id) {
  UserRecord user;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, kFindByTelegramId, telegram_id);
    if (rows.empty()) return absl::NotFoundError("no user with this Telegram id");
    user = FromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return user;
}

absl::StatusOr<UserRecord> PostgresUserStore::FindById(absl::string_view user_id) {
  if (!IsUuid(user_id)) return absl::NotFoundError("no such user");
  UserRecord user;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, kFindById, std::string(user_id));
    if (rows.empty()) return absl::NotFoundError("no such user");
    user = FromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return user;
}

absl::StatusOr<UserRecord> PostgresUserStore::Insert(const TelegramProfile& profile,
                                                     absl::Time now) {
  UserRecord user;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    user = FromRow(Exec(tx, kInsert, profile.telegram_id, profile.first_name, profile.last_name,
                        profile.username, profile.photo_url, ToSqlTime(now))[0]);
    return absl::OkStatus();
  });
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError("a user with this Telegram id exists");
  }
  if (!status.ok()) return status;
  return user;
}

absl::StatusOr<UserRecord> PostgresUserStore::UpdateProfile(absl::string_view user_id,
                                                            const TelegramProfile& profile,
                                                            absl::Time now) {
  if (!IsUuid(user_id)) return absl::NotFoundError("no such user");
  UserRecord user;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    pqxx::result rows =
        Exec(tx, kUpdateProfile, std::string(user_id), profile.first_name, profile.last_name,
             profile.username, profile.photo_url, ToSqlTime(now));
    if (rows.empty()) return absl::NotFoundError("no such user");
    user = FromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return user;
}

}  // namespace tgauth::storage
