#include "server/events/webhook_dead_letters.h"

namespace tgauth {

absl::StatusOr<std::vector<storage::WebhookDelivery>> WebhookDeadLetters::List(int64_t after_id,
                                                                               int limit) {
  return store_.ListDead(after_id, limit);
}

absl::Status WebhookDeadLetters::Replay(int64_t id) {
  absl::Status replayed = store_.Replay(id, clock_.Now());
  if (replayed.ok() && sender_ != nullptr) sender_->Wake();
  return replayed;
}

}  // namespace tgauth
