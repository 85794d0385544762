// The body of a webhook request: tgauth.v1.WebhookPayload
// ({"type", "timestamp", "data"}, Standard Webhooks' payload shape) printed
// by protobuf's JSON printer, so `data` is the Event in protobuf's JSON
// mapping (lowerCamelCase names, 64-bit integers as strings).
#ifndef TGAUTH_SERVER_EVENTS_WEBHOOK_PAYLOAD_H_
#define TGAUTH_SERVER_EVENTS_WEBHOOK_PAYLOAD_H_

#include <string>

#include "absl/status/statusor.h"
#include "tgauth/v1/events.pb.h"

namespace tgauth {

// The JSON body for `event`. INTERNAL if the printer fails.
absl::StatusOr<std::string> WebhookBody(const v1::Event& event);

// The `webhook-id` of every request for `event`, the same on every retry
// and for every subscriber: "evt_<event_id>".
std::string WebhookId(uint64_t event_id);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_EVENTS_WEBHOOK_PAYLOAD_H_
