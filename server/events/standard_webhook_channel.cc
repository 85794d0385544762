#include "server/events/standard_webhook_channel.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/events/webhook_payload.h"

namespace tgauth {

std::vector<std::string> StandardWebhookChannel::Subscribers() {
  std::vector<std::string> names;
  for (const Subscriber& subscriber : subscribers_) names.push_back(subscriber.name);
  return names;
}

absl::StatusOr<PostLoop::Post> StandardWebhookChannel::Request(
    const storage::WebhookDelivery& delivery) {
  auto to = std::find_if(subscribers_.begin(), subscribers_.end(),
                         [&](const Subscriber& s) { return s.name == delivery.subscriber; });
  if (to == subscribers_.end()) {
    return absl::NotFoundError("the subscriber is no longer configured");
  }
  const std::string id = WebhookId(delivery.event_id);
  const int64_t timestamp = absl::ToUnixSeconds(clock_.Now());
  return PostLoop::Post{
      .url = to->url,
      .headers = {"Content-Type: application/json", absl::StrCat("webhook-id: ", id),
                  absl::StrCat("webhook-timestamp: ", timestamp),
                  absl::StrCat("webhook-signature: ", to->key.Sign(id, timestamp, delivery.body))},
      .body = delivery.body,
  };
}

}  // namespace tgauth
