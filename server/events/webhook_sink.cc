#include "server/events/webhook_sink.h"

#include <string>

#include "server/events/webhook_payload.h"
#include "server/events/webhook_sender.h"

namespace tgauth {

absl::Status WebhookSink::Accept(absl::Span<const v1::Event> events) {
  std::vector<storage::NewWebhookDelivery> deliveries;
  for (const v1::Event& event : events) {
    std::string body;  // Printed once, for the first subscriber that wants it.
    for (const Subscriber& subscriber : subscribers_) {
      if (!subscriber.Wants(event.type())) continue;
      if (body.empty()) {
        absl::StatusOr<std::string> printed = WebhookBody(event);
        if (!printed.ok()) return printed.status();
        body = *std::move(printed);
      }
      deliveries.push_back({.subscriber = subscriber.name,
                            .event_id = event.event_id(),
                            .event_type = event.type(),
                            .user_id = event.user_id(),
                            .body = body});
    }
  }
  if (deliveries.empty()) return absl::OkStatus();
  if (absl::Status queued = store_.Enqueue(deliveries, clock_.Now()); !queued.ok()) return queued;
  if (sender_ != nullptr) sender_->Wake();
  return absl::OkStatus();
}

}  // namespace tgauth
