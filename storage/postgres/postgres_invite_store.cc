#include "storage/postgres/postgres_invite_store.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/uuid.h"
#include "storage/domain_events.h"
#include "storage/postgres/outbox_writer.h"
#include "storage/postgres/queries.h"

namespace tgauth::storage {
namespace {

// The columns of every query returning codes (find_invite_code.sql, ...).
InviteCode FromRow(const pqxx::row& row) {
  InviteCode code;
  code.code_hash = pqxx::binarystring(row[0]).str();
  code.hint = row[1].as<std::string>();
  code.tier = row[2].as<std::string>();
  code.subscription_days = row[3].as<int32_t>();
  code.max_uses = row[4].as<int32_t>();
  code.uses = row[5].as<int32_t>();
  code.expires_at = OptionalTime(row[6]);
  code.created_at = FromSqlMicros(row[7]);
  code.id = row[8].as<int64_t>();
  code.disabled_at = OptionalTime(row[9]);
  return code;
}

}  // namespace

absl::StatusOr<int64_t> PostgresInviteStore::Create(const InviteCode& code) {
  std::string expires_at;
  int64_t id = 0;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    id = Exec(tx, queries::kInsertInviteCode, pqxx::binarystring(code.code_hash), code.hint,
              code.tier, code.subscription_days, code.max_uses,
              OptionalSqlTime(code.expires_at, expires_at), ToSqlTime(code.created_at))[0][0]
             .as<int64_t>();
    return absl::OkStatus();
  });
  if (absl::IsAlreadyExists(status)) return absl::AlreadyExistsError("invite code already exists");
  if (!status.ok()) return status;
  return id;
}

absl::StatusOr<InviteCode> PostgresInviteStore::Find(absl::string_view code_hash) {
  InviteCode code;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows =
        Exec(tx, queries::kFindInviteCode, pqxx::binarystring(std::string(code_hash)));
    if (rows.empty()) return absl::NotFoundError("no such invite code");
    code = FromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return code;
}

absl::StatusOr<std::vector<InviteCode>> PostgresInviteStore::List(int limit) {
  std::vector<InviteCode> codes;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    codes.clear();
    for (const pqxx::row& row : Exec(tx, queries::kListInviteCodes, limit))
      codes.push_back(FromRow(row));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return codes;
}

absl::StatusOr<InviteCode> PostgresInviteStore::Disable(int64_t id, absl::Time now) {
  InviteCode code;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, queries::kDisableInviteCode, id, ToSqlTime(now));
    if (rows.empty()) return absl::NotFoundError("no such invite code");
    code = FromRow(rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return code;
}

absl::StatusOr<Redemption> PostgresInviteStore::Redeem(absl::string_view code_hash,
                                                       absl::string_view user_id, absl::Time now) {
  Redemption redemption;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) -> absl::Status {
    redemption = {};
    pqxx::result code =
        Exec(tx, queries::kLockInviteCode, pqxx::binarystring(std::string(code_hash)));
    if (code.empty()) return absl::OkStatus();  // kUnknownCode.
    const pqxx::row c = code[0];
    const int64_t code_id = c[0].as<int64_t>();
    const std::string user(user_id);
    pqxx::result user_row;
    if (IsUuid(user)) user_row = Exec(tx, queries::kLockUserSubscription, user);
    if (user_row.empty()) return absl::NotFoundError("no such user");
    const Subscription current{.tier = user_row[0][0].as<std::string>(),
                               .expires_at = OptionalTime(user_row[0][1])};
    const std::optional<absl::Time> expires_at = OptionalTime(c[5]);

    if (!Exec(tx, queries::kFindInviteRedemption, code_id, user).empty()) {
      redemption = {RedeemResult::kAlreadyRedeemed, current};
    } else if (expires_at.has_value() && *expires_at <= now) {
      redemption.result = RedeemResult::kExpired;
    } else if (c[4].as<int32_t>() >= c[3].as<int32_t>()) {
      redemption.result = RedeemResult::kUsedUp;
    } else {
      Exec(tx, queries::kUseInviteCode, code_id, user, ToSqlTime(now));
      const std::string tier = c[1].as<std::string>();
      Subscription activated = Activate(current, tier, c[2].as<int32_t>(), now);
      const EventOrigin origin = EventOrigin::Current();
      AppendEvent(tx, InviteCodeRedeemedEvent(origin, user, absl::StrCat(code_id), tier));
      if (activated != current) {  // As UserDirectory::Upsert: write only on a change.
        std::string expiry_text;
        Exec(tx, queries::kSetUserSubscription, user, activated.tier,
             OptionalSqlTime(activated.expires_at, expiry_text), ToSqlTime(now));
        AppendEvent(tx, SubscriptionChangedEvent(origin, user, activated));
      }
      redemption = {RedeemResult::kRedeemed, std::move(activated)};
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return redemption;
}

}  // namespace tgauth::storage
