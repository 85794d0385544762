// The webhook subscribers, read from --event_webhook_subscribers_file: the
// JSON form of tgauth.v1.WebhookSubscriberList (proto/tgauth/v1/webhooks.proto),
// e.g.
//   {"subscribers": [{"name": "billing", "url": "https://billing.internal/hooks",
//                     "eventTypes": ["user.deleted"], "secret": "whsec_..."}]}
// The file holds secrets, so it must be private (common/secret_file.h).
#ifndef TGAUTH_SERVER_EVENTS_WEBHOOK_SUBSCRIBERS_H_
#define TGAUTH_SERVER_EVENTS_WEBHOOK_SUBSCRIBERS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/events/standard_webhooks.h"
#include "tgauth/v1/webhooks.pb.h"

namespace tgauth {

struct Subscriber {
  std::string name;
  std::string url;
  absl::flat_hash_set<std::string> event_types;  // Empty: every type.
  WebhookKey key;

  bool Wants(absl::string_view event_type) const {
    return event_types.empty() || event_types.contains(event_type);
  }
};

// Checks `list`: every name 1-64 characters of a-z 0-9 _ - and unique, every
// URL http:// or https://, every secret a Standard Webhooks secret.
// INVALID_ARGUMENT naming the subscriber and the field (never the secret).
absl::StatusOr<std::vector<Subscriber>> ParseSubscribers(const v1::WebhookSubscriberList& list);

// Reads the private file at `path` (ReadSecretFile's errors);
// INVALID_ARGUMENT, naming the file, for JSON that is not a
// WebhookSubscriberList. Check the result with ParseSubscribers.
absl::StatusOr<v1::WebhookSubscriberList> ReadSubscribersFile(const std::string& path);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_WEBHOOK_SUBSCRIBERS_H_
