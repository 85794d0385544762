#include "storage/postgres/postgres_user_admin_store.h"

#include <string>

#include "absl/status/status.h"
#include "common/uuid.h"
#include "storage/domain_events.h"
#include "storage/postgres/outbox_writer.h"
#include "storage/postgres/postgres_user_store.h"
#include "storage/postgres/queries.h"

namespace tgauth::storage {
namespace {

std::vector<UserRecord> UsersFrom(const pqxx::result& rows) {
  std::vector<UserRecord> users;
  users.reserve(rows.size());
  for (const pqxx::row& row : rows) users.push_back(UserFromRow(row));
  return users;
}

}  // namespace

absl::StatusOr<UserRecord> PostgresUserAdminStore::FindByUsername(absl::string_view username) {
  if (username.empty()) return absl::NotFoundError("no user with this username");
  UserRecord user;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, queries::kFindUserByUsername, std::string(username));
    if (rows.empty()) return absl::NotFoundError("no user with this username");
    user = UserFromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return user;
}

absl::StatusOr<std::vector<UserRecord>> PostgresUserAdminStore::List(
    const UserFilter& filter, const std::optional<UserCursor>& after, int limit) {
  std::string after_text, before_text, cursor_text;
  const char* blocked = nullptr;
  if (filter.blocked.has_value()) blocked = *filter.blocked ? "true" : "false";
  const char* cursor_id = after.has_value() ? after->id.c_str() : nullptr;
  if (after.has_value() && !IsUuid(after->id)) return absl::InvalidArgumentError("bad cursor");
  std::vector<UserRecord> users;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    users = UsersFrom(Exec(
        tx, queries::kListUsers, OptionalSqlTime(filter.created_after, after_text),
        OptionalSqlTime(filter.created_before, before_text), blocked, filter.tier,
        OptionalSqlTime(after.has_value() ? std::optional<absl::Time>(after->created_at)
                                          : std::nullopt,
                        cursor_text),
        cursor_id, limit));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return users;
}

absl::StatusOr<UserChange> PostgresUserAdminStore::ChangeUser(
    absl::string_view user_id, absl::Time now, absl::string_view revoke_reason,
    absl::FunctionRef<void(pqxx::transaction_base&, UserChange&)> change) {
  if (!IsUuid(user_id)) return absl::NotFoundError("no such user");
  UserChange result;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    result = UserChange{};
    pqxx::result rows = Exec(tx, queries::kLockUser, std::string(user_id));
    if (rows.empty()) return absl::NotFoundError("no such user");
    result.user = UserFromRow(rows[0]);
    if (!revoke_reason.empty()) {
      for (const pqxx::row& row :
           Exec(tx, queries::kRevokeUserSessionsExcept, std::string(user_id), std::string(),
                ToSqlTime(now), std::string(revoke_reason))) {
        result.revoked_session_ids.push_back(row[0].as<std::string>());
        AppendEvent(tx, SessionRevokedEvent(EventOrigin::Current(), user_id,
                                            result.revoked_session_ids.back(), revoke_reason,
                                            row[1].as<std::string>()));
      }
    }
    change(tx, result);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<UserChange> PostgresUserAdminStore::Block(absl::string_view user_id,
                                                         absl::string_view reason,
                                                         absl::Time now) {
  return ChangeUser(user_id, now, kRevokedBlocked,
                    [&](pqxx::transaction_base& tx, UserChange& result) {
                      if (result.user.blocked()) return;
                      result.user = UserFromRow(Exec(tx, queries::kSetUserBlock,
                                                     std::string(user_id), ToSqlTime(now),
                                                     std::string(reason), ToSqlTime(now))[0]);
                      result.changed = true;
                      AppendEvent(tx, UserBlockedEvent(EventOrigin::Current(), user_id, reason));
                    });
}

absl::StatusOr<UserChange> PostgresUserAdminStore::Unblock(absl::string_view user_id,
                                                           absl::Time now) {
  return ChangeUser(user_id, now, "", [&](pqxx::transaction_base& tx, UserChange& result) {
    if (!result.user.blocked()) return;
    const char* unblocked = nullptr;
    result.user = UserFromRow(Exec(tx, queries::kSetUserBlock, std::string(user_id), unblocked,
                                   std::string(), ToSqlTime(now))[0]);
    result.changed = true;
    AppendEvent(tx, UserUnblockedEvent(EventOrigin::Current(), user_id));
  });
}

absl::StatusOr<UserChange> PostgresUserAdminStore::Erase(absl::string_view user_id,
                                                         absl::Time now) {
  return ChangeUser(user_id, now, kRevokedDeleted,
                    [&](pqxx::transaction_base& tx, UserChange& result) {
                      Exec(tx, queries::kEraseUserSessions, std::string(user_id));
                      Exec(tx, queries::kEraseUserEvents, std::string(user_id));
                      Exec(tx, queries::kEraseUser, std::string(user_id), ToSqlTime(now));
                      result.changed = true;
                      AppendEvent(tx, UserDeletedEvent(EventOrigin::Current(), user_id));
                    });
}

absl::StatusOr<std::vector<int64_t>> PostgresUserAdminStore::ListBlockedTelegramIds() {
  std::vector<int64_t> ids;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    ids.clear();
    for (const pqxx::row& row : Exec(tx, queries::kListBlockedTelegramIds)) {
      ids.push_back(row[0].as<int64_t>());
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return ids;
}

absl::StatusOr<std::vector<UserRedemption>> PostgresUserAdminStore::ListRedemptions(
    absl::string_view user_id) {
  std::vector<UserRedemption> redemptions;
  if (!IsUuid(user_id)) return redemptions;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    for (const pqxx::row& row : Exec(tx, queries::kListUserRedemptions, std::string(user_id))) {
      redemptions.push_back({.invite_code_id = row[0].as<int64_t>(),
                             .tier = row[1].as<std::string>(),
                             .redeemed_at = FromSqlMicros(row[2])});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return redemptions;
}

}  // namespace tgauth::storage
