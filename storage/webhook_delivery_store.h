// The durable queue of signed HTTP webhook deliveries
// (server/events/webhook_sink.h fills it, server/events/webhook_sender.h
// drains it): one row per (subscriber, event), pending until delivered or,
// out of attempts, dead-lettered for an operator to inspect and replay.
// PostgreSQL in production, so replicas share the work: a claimed delivery
// is leased to one sender until its lease runs out.
#ifndef TGAUTH_STORAGE_WEBHOOK_DELIVERY_STORE_H_
#define TGAUTH_STORAGE_WEBHOOK_DELIVERY_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace tgauth::storage {

// A delivery to queue.
struct NewWebhookDelivery {
  std::string subscriber;  // The subscriber's configured name.
  uint64_t event_id = 0;
  std::string event_type;
  // Deliveries of one (subscriber, user_id) go out in event_id order; empty
  // (an event about no user): no order is kept.
  std::string user_id;
  std::string body;  // The JSON body to POST, as signed.
};

enum class WebhookDeliveryState { kPending, kDelivered, kDead };

struct WebhookDelivery {
  int64_t id = 0;
  std::string subscriber;
  uint64_t event_id = 0;
  std::string event_type;
  std::string user_id;
  std::string body;
  WebhookDeliveryState state = WebhookDeliveryState::kPending;
  int32_t attempts = 0;                           // Attempts started, including one in progress.
  std::string last_error;                         // Of the last failed attempt; empty if none.
  absl::Time created_at;                          // When it was queued.
  absl::Time finished_at = absl::InfinitePast();  // Delivered or dead; else InfinitePast.

  friend bool operator==(const WebhookDelivery&, const WebhookDelivery&) = default;
};

// Deliveries by state, for the queue-depth metrics.
struct WebhookDeliveryCounts {
  int64_t pending = 0;
  int64_t dead = 0;
};

class WebhookDeliveryStore {
 public:
  virtual ~WebhookDeliveryStore() = default;

  // Queues each delivery (pending, due at `now`, no attempts) in one
  // transaction; one whose (subscriber, event_id) is queued already, in any
  // state, is skipped, so offering the same events twice queues them once.
  // UNAVAILABLE if unreachable.
  virtual absl::Status Enqueue(absl::Span<const NewWebhookDelivery> deliveries, absl::Time now) = 0;

  // Leases up to `limit` due deliveries of `subscriber` (pending, due at or
  // before `now`, and no earlier pending delivery for the same user): each
  // counts one more attempt and is not due again before `now + lease`, so
  // no other sender takes it meanwhile; rows other senders hold are skipped.
  // In event_id order; empty if none is due. UNAVAILABLE if unreachable.
  virtual absl::StatusOr<std::vector<WebhookDelivery>> Claim(absl::string_view subscriber,
                                                             absl::Time now, absl::Duration lease,
                                                             int limit) = 0;

  // Marks a claimed delivery delivered at `now`. NOT_FOUND if `id` is not a
  // pending delivery; UNAVAILABLE if unreachable.
  virtual absl::Status MarkDelivered(int64_t id, absl::Time now) = 0;

  // Records a failed attempt and makes the delivery due again at `retry_at`.
  // NOT_FOUND if `id` is not a pending delivery; UNAVAILABLE.
  virtual absl::Status Reschedule(int64_t id, absl::string_view error, absl::Time retry_at) = 0;

  // Records a failed last attempt: the delivery becomes a dead letter at
  // `now`, which releases later deliveries for the same user. NOT_FOUND if
  // `id` is not a pending delivery; UNAVAILABLE.
  virtual absl::Status MarkDead(int64_t id, absl::string_view error, absl::Time now) = 0;

  // Up to `limit` dead letters with id > `after_id`, by id; empty if none.
  // UNAVAILABLE if unreachable.
  virtual absl::StatusOr<std::vector<WebhookDelivery>> ListDead(int64_t after_id, int limit) = 0;

  // Makes dead letter `id` pending again, due at `now`, with no attempts.
  // NOT_FOUND if `id` is no dead letter; UNAVAILABLE if unreachable.
  virtual absl::Status Replay(int64_t id, absl::Time now) = 0;

  // Pending and dead deliveries now. UNAVAILABLE if unreachable.
  virtual absl::StatusOr<WebhookDeliveryCounts> Count() = 0;

  // Deletes up to `limit` deliveries delivered before `before` (their rows
  // only keep a re-offered event from being sent twice); how many went.
  // UNAVAILABLE if unreachable.
  virtual absl::StatusOr<int> DeleteDelivered(absl::Time before, int limit) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_WEBHOOK_DELIVERY_STORE_H_
