// Sends the queued webhook deliveries (storage/webhook_delivery_store.h)
// over HTTP with libcurl, each as its DeliveryChannel
// (server/events/delivery_channel.h) builds the request: signed Standard
// Webhooks to the configured subscribers (standard_webhook_channel.h), or
// OpenID Connect Back-Channel Logout tokens to OAuth clients
// (server/oauth/backchannel_logout_channel.h).
//
// One worker thread drives every request through a curl multi handle (as
// server/bot/bot_api_client.h does), at most `max_in_flight_per_subscriber`
// per subscriber, so a subscriber that hangs holds only its own slots until
// `request_timeout`, never another's, and never a sign-in. It claims due
// deliveries from the store (leased, FOR UPDATE SKIP LOCKED: replicas share
// the queue); a 2xx answer delivers, anything else (another status, a
// network error, a timeout) is retried with RetryBackoff until
// `max_attempts`, then the delivery is dead-lettered. The store keeps each
// user's deliveries to one subscriber in event order.
#ifndef TGAUTH_SERVER_EVENTS_WEBHOOK_SENDER_H_
#define TGAUTH_SERVER_EVENTS_WEBHOOK_SENDER_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/background_loop.h"
#include "common/clock.h"
#include "server/events/delivery_channel.h"
#include "server/events/webhook_subscribers.h"
#include "storage/webhook_delivery_store.h"

namespace tgauth {

struct WebhookSenderOptions {
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration request_timeout = absl::Seconds(10);  // One attempt, to its last byte.
  int max_attempts = 10;                               // Including the first.
  absl::Duration initial_backoff = absl::Seconds(1);   // Doubles per retry, jittered.
  absl::Duration max_backoff = absl::Minutes(10);
  int max_in_flight_per_subscriber = 4;
  // How often the worker looks for deliveries that are due without it
  // knowing (queued or released by another replica, leases run out).
  absl::Duration poll_interval = absl::Seconds(1);
  // Delivered rows are kept this long, so that an event offered again is
  // not sent again, then deleted in batches.
  absl::Duration delivered_retention = absl::Hours(24);
};

// Counts since the sender started, and the queue as last counted.
struct WebhookSenderStats {
  int64_t delivered = 0;      // Answered with 2xx.
  int64_t retried = 0;        // Failed attempts that will be retried.
  int64_t dead_lettered = 0;  // Failed last attempts.
  int64_t pending = 0;        // Queued, in the store, at the last count.
  int64_t dead = 0;           // Dead letters in the store at the last count.
};

class WebhookSender final : public BackgroundLoop {
 public:
  // A sender whose worker is not started yet, for `channel`'s deliveries;
  // `name` is for errors and logs ("the webhook sender"). The references
  // must outlive it. INVALID_ARGUMENT for limits below 1 or non-positive
  // durations; INTERNAL if libcurl cannot start.
  static absl::StatusOr<std::unique_ptr<WebhookSender>> Create(
      WebhookSenderOptions options, std::unique_ptr<DeliveryChannel> channel,
      storage::WebhookDeliveryStore& store, const Clock& clock, std::string name);
  // The same for the Standard Webhooks `subscribers`.
  static absl::StatusOr<std::unique_ptr<WebhookSender>> Create(
      WebhookSenderOptions options, const std::vector<Subscriber>& subscribers,
      storage::WebhookDeliveryStore& store, const Clock& clock);

  ~WebhookSender() override;  // Stop().

  // Starts the worker thread. FAILED_PRECONDITION if started before.
  absl::Status Start() override;
  // Stops the worker; requests in flight are abandoned and sent again
  // (by any replica) when their lease runs out. Idempotent.
  void Stop() override;

  // Makes the worker look for due deliveries now (new ones were queued, or
  // a dead letter was replayed). Never blocks.
  void Wake();

  WebhookSenderStats stats() const;

 private:
  class Worker;  // The thread and libcurl's state, in the .cc.
  explicit WebhookSender(std::unique_ptr<Worker> worker);

  std::unique_ptr<Worker> worker_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_WEBHOOK_SENDER_H_
