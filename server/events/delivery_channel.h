// What a WebhookSender (server/events/webhook_sender.h) sends for one kind
// of queued delivery: whose deliveries it claims, and the HTTP request that
// attempts each. Signed Standard Webhooks (standard_webhook_channel.h) are
// one channel; OpenID Connect Back-Channel Logout
// (server/oauth/backchannel_logout_channel.h) is another. Both share the
// queue (storage/webhook_delivery_store.h) with its retries, backoff and
// dead letters, told apart by subscriber name.
#ifndef TGAUTH_SERVER_EVENTS_DELIVERY_CHANNEL_H_
#define TGAUTH_SERVER_EVENTS_DELIVERY_CHANNEL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/outbound/post_loop.h"
#include "storage/webhook_delivery_store.h"

namespace tgauth {

class DeliveryChannel {
 public:
  virtual ~DeliveryChannel() = default;

  // The subscriber names whose due deliveries the sender claims now, each
  // with its own slots. Called on the sender's thread before each round of
  // claims; may read a store (it must then answer within a second or two).
  virtual std::vector<std::string> Subscribers() = 0;

  // The POST that attempts `delivery` now (the sender sets its timeouts).
  // UNAVAILABLE: counted as a failed attempt and retried with backoff; any
  // other error dead-letters the delivery at once with that message (the
  // target is gone: nothing to retry).
  virtual absl::StatusOr<PostLoop::Post> Request(const storage::WebhookDelivery& delivery) = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_DELIVERY_CHANNEL_H_
