// The webhook subscribers' DeliveryChannel: each delivery's JSON body POSTed
// to its subscriber's URL, signed per Standard Webhooks
// (server/events/standard_webhooks.h) with the webhook-id
// ("evt_<event_id>", the same on every retry), webhook-timestamp and
// webhook-signature headers.
#ifndef TGAUTH_SERVER_EVENTS_STANDARD_WEBHOOK_CHANNEL_H_
#define TGAUTH_SERVER_EVENTS_STANDARD_WEBHOOK_CHANNEL_H_

#include <string>
#include <vector>

#include "common/clock.h"
#include "server/events/delivery_channel.h"
#include "server/events/webhook_subscribers.h"

namespace tgauth {

class StandardWebhookChannel final : public DeliveryChannel {
 public:
  // Both must outlive the channel.
  StandardWebhookChannel(const std::vector<Subscriber>& subscribers, const Clock& clock)
      : subscribers_(subscribers), clock_(clock) {}

  std::vector<std::string> Subscribers() override;  // Every subscriber's name.
  // NOT_FOUND for a delivery to a subscriber no longer configured.
  absl::StatusOr<PostLoop::Post> Request(const storage::WebhookDelivery& delivery) override;

 private:
  const std::vector<Subscriber>& subscribers_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_STANDARD_WEBHOOK_CHANNEL_H_
