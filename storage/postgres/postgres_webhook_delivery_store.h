// WebhookDeliveryStore on PostgreSQL (table webhook_deliveries,
// storage/postgres/migrations/0007_webhook_deliveries.sql).
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_WEBHOOK_DELIVERY_STORE_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_WEBHOOK_DELIVERY_STORE_H_

#include "storage/postgres/postgres_database.h"
#include "storage/webhook_delivery_store.h"

namespace tgauth::storage {

class PostgresWebhookDeliveryStore final : public WebhookDeliveryStore {
 public:
  // `db` must outlive the store.
  explicit PostgresWebhookDeliveryStore(PostgresDatabase& db) : db_(db) {}

  // INSERT ... ON CONFLICT (subscriber, event_id) DO NOTHING, all rows in
  // one transaction.
  absl::Status Enqueue(absl::Span<const NewWebhookDelivery> deliveries, absl::Time now) override;
  // One UPDATE over a SELECT ... FOR UPDATE SKIP LOCKED.
  absl::StatusOr<std::vector<WebhookDelivery>> Claim(absl::string_view subscriber, absl::Time now,
                                                     absl::Duration lease, int limit) override;
  absl::Status MarkDelivered(int64_t id, absl::Time now) override;
  absl::Status Reschedule(int64_t id, absl::string_view error, absl::Time retry_at) override;
  absl::Status MarkDead(int64_t id, absl::string_view error, absl::Time now) override;
  absl::StatusOr<std::vector<WebhookDelivery>> ListDead(int64_t after_id, int limit) override;
  absl::Status Replay(int64_t id, absl::Time now) override;
  absl::StatusOr<WebhookDeliveryCounts> Count() override;
  absl::StatusOr<int> DeleteDelivered(absl::Time before, int limit) override;

 private:
  // Runs one UPDATE of a single pending (or dead) row; NOT_FOUND with
  // `not_found` when it changed none.
  template <typename... Args>
  absl::Status UpdateOne(const Statement& statement, absl::string_view not_found, Args&&... args);

  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_WEBHOOK_DELIVERY_STORE_H_
