#include "storage/postgres/postgres_user_store.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/uuid.h"
#include "storage/domain_events.h"
#include "storage/postgres/outbox_writer.h"
#include "storage/postgres/queries.h"

namespace tgauth::storage {
UserRecord UserFromRow(const pqxx::row& row) {
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
  if (!row[10].is_null()) user.blocked_at = FromSqlMicros(row[10]);
  user.blocked_reason = row[11].as<std::string>();
  user.profile.language_code = row[12].as<std::string>();
  return user;
}

absl::StatusOr<UserRecord> PostgresUserStore::FindByTelegramId(int64_t telegram_id) {
  UserRecord user;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, queries::kFindUserByTelegramId, telegram_id);
    if (rows.empty()) return absl::NotFoundError("no user with this Telegram id");
    user = UserFromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return user;
}

absl::StatusOr<UserRecord> PostgresUserStore::FindById(absl::string_view user_id) {
  if (!IsUuid(user_id)) return absl::NotFoundError("no such user");
  UserRecord user;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, queries::kFindUserById, std::string(user_id));
    if (rows.empty()) return absl::NotFoundError("no such user");
    user = UserFromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return user;
}

absl::StatusOr<UserRecord> PostgresUserStore::Insert(const TelegramProfile& profile,
                                                     absl::Time now) {
  UserRecord user;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    user = UserFromRow(Exec(tx, queries::kInsertUser, profile.telegram_id, profile.first_name,
                        profile.last_name, profile.username, profile.photo_url, ToSqlTime(now),
                        profile.language_code)[0]);
    AppendEvent(tx, UserCreatedEvent(EventOrigin::Current(), user.id, user.profile));
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
        Exec(tx, queries::kUpdateUserProfile, std::string(user_id), profile.first_name,
             profile.last_name, profile.username, profile.photo_url, ToSqlTime(now),
             profile.language_code);
    if (rows.empty()) return absl::NotFoundError("no such user");
    user = UserFromRow(rows[0]);
    TelegramProfile before = user.profile;
    before.first_name = rows[0][kUserColumns].as<std::string>();
    before.last_name = rows[0][kUserColumns + 1].as<std::string>();
    before.username = rows[0][kUserColumns + 2].as<std::string>();
    before.photo_url = rows[0][kUserColumns + 3].as<std::string>();
    // A change of language alone changes no User field: no event.
    std::vector<std::string> changed = ChangedProfileFields(before, user.profile);
    if (!changed.empty()) {
      AppendEvent(tx, UserUpdatedEvent(EventOrigin::Current(), user.id, changed));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return user;
}

}  // namespace tgauth::storage
