// The webhook dead-letter list as operators see it (AdminService's
// ListDeadLetters and ReplayDeadLetter): deliveries given up after their
// last attempt, and putting one back in the queue.
#ifndef TGAUTH_SERVER_EVENTS_WEBHOOK_DEAD_LETTERS_H_
#define TGAUTH_SERVER_EVENTS_WEBHOOK_DEAD_LETTERS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/events/webhook_sender.h"
#include "storage/webhook_delivery_store.h"

namespace tgauth {

class WebhookDeadLetters {
 public:
  // All must outlive this. `sender` may be null (no subscribers configured
  // here): a replayed letter then waits for a replica that sends.
  WebhookDeadLetters(storage::WebhookDeliveryStore& store, const Clock& clock,
                     WebhookSender* sender)
      : store_(store), clock_(clock), sender_(sender) {}

  // Up to `limit` dead letters with id > `after_id`, oldest first.
  // UNAVAILABLE if the store is unreachable.
  absl::StatusOr<std::vector<storage::WebhookDelivery>> List(int64_t after_id, int limit);

  // Queues dead letter `id` again, due now with a fresh count of attempts,
  // and wakes the sender. NOT_FOUND if `id` is no dead letter; UNAVAILABLE.
  absl::Status Replay(int64_t id);

 private:
  storage::WebhookDeliveryStore& store_;
  const Clock& clock_;
  WebhookSender* const sender_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_WEBHOOK_DEAD_LETTERS_H_
