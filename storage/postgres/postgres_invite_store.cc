#include "storage/postgres/postgres_invite_store.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/uuid.h"

namespace tgauth::storage {
namespace {

constexpr Statement kCreate = {
    "invite_codes_insert",
    "INSERT INTO invite_codes (code_hash, hint, subscription_tier, subscription_days, max_uses,"
    " expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz)"};

// Every query that returns codes returns these columns, read by FromRow.
#define TGAUTH_INVITE_COLUMNS                                              \
  "code_hash, hint, subscription_tier, subscription_days, max_uses, uses," \
  " (extract(epoch FROM expires_at) * 1000000)::bigint,"                   \
  " (extract(epoch FROM created_at) * 1000000)::bigint"

constexpr Statement kFind = {
    "invite_codes_find", "SELECT " TGAUTH_INVITE_COLUMNS " FROM invite_codes WHERE code_hash = $1"};

constexpr Statement kList = {"invite_codes_list",
                             "SELECT " TGAUTH_INVITE_COLUMNS
                             " FROM invite_codes ORDER BY created_at DESC, id DESC LIMIT $1"};

#undef TGAUTH_INVITE_COLUMNS

// Locked until commit: a concurrent redeemer of the same code waits here,
// then reads the row as the first one left it (READ COMMITTED re-reads a
// row locked FOR UPDATE), so it sees the new use count.
constexpr Statement kLockCode = {"invite_codes_lock",
                                 "SELECT id, subscription_tier, subscription_days, max_uses, uses,"
                                 " (extract(epoch FROM expires_at) * 1000000)::bigint"
                                 " FROM invite_codes WHERE code_hash = $1 FOR UPDATE"};

// Locked too, so two different codes redeemed at once by one user both count.
constexpr Statement kLockUser = {
    "users_lock_subscription",
    "SELECT subscription_tier, (extract(epoch FROM subscription_expires_at) * 1000000)::bigint"
    " FROM users WHERE id = $1::uuid FOR UPDATE"};

// A separate statement after the lock, hence a fresh snapshot: it sees a
// redemption that a concurrent transaction committed while this one waited.
constexpr Statement kRedeemedBefore = {
    "invite_redemptions_find",
    "SELECT 1 FROM invite_redemptions WHERE invite_code_id = $1 AND user_id = $2::uuid"};

constexpr Statement kUse = {
    "invite_codes_use",
    "WITH r AS (INSERT INTO invite_redemptions (invite_code_id, user_id, redeemed_at)"
    " VALUES ($1, $2::uuid, $3::timestamptz))"
    " UPDATE invite_codes SET uses = uses + 1 WHERE id = $1"};

constexpr Statement kSetSubscription = {
    "users_set_subscription",
    "UPDATE users SET subscription_tier = $2, subscription_expires_at = $3::timestamptz,"
    " updated_at = $4::timestamptz WHERE id = $1::uuid"};

std::optional<absl::Time> OptionalTime(const pqxx::field& micros) {
  if (micros.is_null()) return std::nullopt;
  return FromSqlMicros(micros);
}

// A timestamptz parameter that may be NULL: libpqxx 6.4 sends a null
// `const char*` as NULL. `text` keeps the string alive.
const char* OptionalSqlTime(const std::optional<absl::Time>& t, std::string& text) {
  if (!t.has_value()) return nullptr;
  text = ToSqlTime(*t);
  return text.c_str();
}

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
  return code;
}

}  // namespace

absl::Status PostgresInviteStore::Create(const InviteCode& code) {
  std::string expires_at;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    Exec(tx, kCreate, pqxx::binarystring(code.code_hash), code.hint, code.tier,
         code.subscription_days, code.max_uses, OptionalSqlTime(code.expires_at, expires_at),
         ToSqlTime(code.created_at));
    return absl::OkStatus();
  });
  if (absl::IsAlreadyExists(status)) return absl::AlreadyExistsError("invite code already exists");
  return status;
}

absl::StatusOr<InviteCode> PostgresInviteStore::Find(absl::string_view code_hash) {
  InviteCode code;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows = Exec(tx, kFind, pqxx::binarystring(std::string(code_hash)));
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
    for (const pqxx::row& row : Exec(tx, kList, limit)) codes.push_back(FromRow(row));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return codes;
}

absl::StatusOr<Redemption> PostgresInviteStore::Redeem(absl::string_view code_hash,
                                                       absl::string_view user_id, absl::Time now) {
  Redemption redemption;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) -> absl::Status {
    redemption = {};
    pqxx::result code = Exec(tx, kLockCode, pqxx::binarystring(std::string(code_hash)));
    if (code.empty()) return absl::OkStatus();  // kUnknownCode.
    const pqxx::row c = code[0];
    const int64_t code_id = c[0].as<int64_t>();
    const std::string user(user_id);
    pqxx::result user_row;
    if (IsUuid(user)) user_row = Exec(tx, kLockUser, user);
    if (user_row.empty()) return absl::NotFoundError("no such user");
    const Subscription current{.tier = user_row[0][0].as<std::string>(),
                               .expires_at = OptionalTime(user_row[0][1])};
    const std::optional<absl::Time> expires_at = OptionalTime(c[5]);

    if (!Exec(tx, kRedeemedBefore, code_id, user).empty()) {
      redemption = {RedeemResult::kAlreadyRedeemed, current};
    } else if (expires_at.has_value() && *expires_at <= now) {
      redemption.result = RedeemResult::kExpired;
    } else if (c[4].as<int32_t>() >= c[3].as<int32_t>()) {
      redemption.result = RedeemResult::kUsedUp;
    } else {
      Exec(tx, kUse, code_id, user, ToSqlTime(now));
      Subscription activated = Activate(current, c[1].as<std::string>(), c[2].as<int32_t>(), now);
      if (activated != current) {  // Seed 003: write the users row only on a change.
        std::string expiry_text;
        Exec(tx, kSetSubscription, user, activated.tier,
             OptionalSqlTime(activated.expires_at, expiry_text), ToSqlTime(now));
      }
      redemption = {RedeemResult::kRedeemed, std::move(activated)};
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return redemption;
}

}  // namespace tgauth::storage
