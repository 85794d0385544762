#include "storage/postgres/postgres_webhook_delivery_store.h"

#include <algorithm>
#include <string>

#include "absl/status/status.h"
#include "storage/postgres/queries.h"

namespace tgauth::storage {
namespace {

WebhookDeliveryState StateOf(const pqxx::field& state) {
  const std::string text = state.as<std::string>();
  if (text == "delivered") return WebhookDeliveryState::kDelivered;
  if (text == "dead") return WebhookDeliveryState::kDead;
  return WebhookDeliveryState::kPending;
}

// The columns of claim_webhook_deliveries.sql and list_dead_letters.sql.
WebhookDelivery FromRow(const pqxx::row& row) {
  WebhookDelivery delivery;
  delivery.id = row[0].as<int64_t>();
  delivery.subscriber = row[1].as<std::string>();
  delivery.event_id = row[2].as<uint64_t>();
  delivery.event_type = row[3].as<std::string>();
  delivery.user_id = row[4].as<std::string>();
  delivery.body = row[5].as<std::string>();
  delivery.state = StateOf(row[6]);
  delivery.attempts = row[7].as<int32_t>();
  delivery.last_error = row[8].as<std::string>();
  delivery.created_at = FromSqlMicros(row[9]);
  if (!row[10].is_null()) delivery.finished_at = FromSqlMicros(row[10]);
  return delivery;
}

}  // namespace

template <typename... Args>
absl::Status PostgresWebhookDeliveryStore::UpdateOne(const Statement& statement,
                                                     absl::string_view not_found, Args&&... args) {
  return db_.Autocommit([&](pqxx::transaction_base& tx) {
    if (Exec(tx, statement, std::forward<Args>(args)...).affected_rows() == 0) {
      return absl::NotFoundError(not_found);
    }
    return absl::OkStatus();
  });
}

absl::Status PostgresWebhookDeliveryStore::Enqueue(absl::Span<const NewWebhookDelivery> deliveries,
                                                   absl::Time now) {
  if (deliveries.empty()) return absl::OkStatus();
  const std::string at = ToSqlTime(now);
  return db_.Transact([&](pqxx::transaction_base& tx) {
    for (const NewWebhookDelivery& d : deliveries) {
      Exec(tx, queries::kInsertWebhookDelivery, d.subscriber, static_cast<int64_t>(d.event_id),
           d.event_type, d.user_id, d.body, at);
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<WebhookDelivery>> PostgresWebhookDeliveryStore::Claim(
    absl::string_view subscriber, absl::Time now, absl::Duration lease, int limit) {
  std::vector<WebhookDelivery> claimed;
  absl::Status status = db_.Autocommit([&](pqxx::transaction_base& tx) {
    claimed.clear();
    for (const pqxx::row& row : Exec(tx, queries::kClaimWebhookDeliveries, std::string(subscriber),
                                     ToSqlTime(now), ToSqlTime(now + lease), limit)) {
      claimed.push_back(FromRow(row));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  // RETURNING keeps no order.
  std::sort(claimed.begin(), claimed.end(), [](const WebhookDelivery& a, const WebhookDelivery& b) {
    return a.event_id < b.event_id;
  });
  return claimed;
}

absl::Status PostgresWebhookDeliveryStore::MarkDelivered(int64_t id, absl::Time now) {
  return UpdateOne(queries::kMarkWebhookDelivered, "no pending webhook delivery with this id", id,
                   ToSqlTime(now));
}

absl::Status PostgresWebhookDeliveryStore::Reschedule(int64_t id, absl::string_view error,
                                                      absl::Time retry_at) {
  return UpdateOne(queries::kRescheduleWebhookDelivery, "no pending webhook delivery with this id",
                   id, std::string(error), ToSqlTime(retry_at));
}

absl::Status PostgresWebhookDeliveryStore::MarkDead(int64_t id, absl::string_view error,
                                                    absl::Time now) {
  return UpdateOne(queries::kDeadLetterWebhookDelivery, "no pending webhook delivery with this id",
                   id, std::string(error), ToSqlTime(now));
}

absl::StatusOr<std::vector<WebhookDelivery>> PostgresWebhookDeliveryStore::ListDead(
    int64_t after_id, int limit) {
  std::vector<WebhookDelivery> dead;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    dead.clear();
    for (const pqxx::row& row : Exec(tx, queries::kListDeadLetters, after_id, limit)) {
      dead.push_back(FromRow(row));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return dead;
}

absl::Status PostgresWebhookDeliveryStore::Replay(int64_t id, absl::Time now) {
  return UpdateOne(queries::kReplayDeadLetter, "no dead letter with this id", id, ToSqlTime(now));
}

absl::StatusOr<WebhookDeliveryCounts> PostgresWebhookDeliveryStore::Count() {
  WebhookDeliveryCounts counts;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    pqxx::row row = Exec(tx, queries::kCountWebhookDeliveries)[0];
    counts.pending = row[0].as<int64_t>();
    counts.dead = row[1].as<int64_t>();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return counts;
}

absl::StatusOr<int> PostgresWebhookDeliveryStore::DeleteDelivered(absl::Time before, int limit) {
  int deleted = 0;
  absl::Status status = db_.Autocommit([&](pqxx::transaction_base& tx) {
    deleted = static_cast<int>(
        Exec(tx, queries::kDeleteDeliveredWebhooks, ToSqlTime(before), limit).affected_rows());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return deleted;
}

}  // namespace tgauth::storage
