// WebhookDeliveryStore in memory, for unit tests of domain logic.
// Thread-safe; same contracts as PostgresWebhookDeliveryStore
// (tests/storage/webhook_delivery_store_test.cc).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_WEBHOOK_DELIVERY_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_WEBHOOK_DELIVERY_STORE_H_

#include <map>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "storage/memory/fake_support.h"
#include "storage/webhook_delivery_store.h"

namespace tgauth::storage {

class InMemoryWebhookDeliveryStore final : public WebhookDeliveryStore {
 public:
  absl::Status Enqueue(absl::Span<const NewWebhookDelivery> deliveries, absl::Time now) override;
  absl::StatusOr<std::vector<WebhookDelivery>> Claim(absl::string_view subscriber, absl::Time now,
                                                     absl::Duration lease, int limit) override;
  absl::Status MarkDelivered(int64_t id, absl::Time now) override;
  absl::Status Reschedule(int64_t id, absl::string_view error, absl::Time retry_at) override;
  absl::Status MarkDead(int64_t id, absl::string_view error, absl::Time now) override;
  absl::StatusOr<std::vector<WebhookDelivery>> ListDead(int64_t after_id, int limit) override;
  absl::Status Replay(int64_t id, absl::Time now) override;
  absl::StatusOr<WebhookDeliveryCounts> Count() override;
  absl::StatusOr<int> DeleteDelivered(absl::Time before, int limit) override;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  struct Row {
    WebhookDelivery delivery;
    absl::Time next_attempt_at;
  };
  // The pending row `id`, or null.
  Row* Pending(int64_t id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  FailureInjector failures_;
  absl::Mutex mu_;
  std::map<int64_t, Row> rows_ ABSL_GUARDED_BY(mu_);  // By id, i.e. queue order.
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_WEBHOOK_DELIVERY_STORE_H_
