// The webhook channel's EventSink: it only queues, in PostgreSQL, one
// delivery per event and subscriber that wants its type (the body already
// printed), so the relay never waits on a subscriber; WebhookSender sends
// them. Queuing is idempotent by (subscriber, event_id).
#ifndef TGAUTH_SERVER_EVENTS_WEBHOOK_SINK_H_
#define TGAUTH_SERVER_EVENTS_WEBHOOK_SINK_H_

#include <vector>

#include "common/clock.h"
#include "server/events/event_sink.h"
#include "server/events/webhook_subscribers.h"
#include "storage/webhook_delivery_store.h"

namespace tgauth {

class WebhookSender;

class WebhookSink final : public EventSink {
 public:
  // All must outlive the sink. `sender`, if not null, is woken after each
  // batch so the new deliveries go out at once.
  WebhookSink(const std::vector<Subscriber>& subscribers, storage::WebhookDeliveryStore& store,
              const Clock& clock, WebhookSender* sender)
      : subscribers_(subscribers), store_(store), clock_(clock), sender_(sender) {}

  // Queues the batch in one transaction. The store's errors (UNAVAILABLE);
  // INTERNAL if an event cannot be printed as JSON.
  absl::Status Accept(absl::Span<const v1::Event> events) override;

 private:
  const std::vector<Subscriber>& subscribers_;
  storage::WebhookDeliveryStore& store_;
  const Clock& clock_;
  WebhookSender* const sender_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_WEBHOOK_SINK_H_
