#include "server/events/webhook_payload.h"

#include <google/protobuf/util/json_util.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tgauth/v1/webhooks.pb.h"

namespace tgauth {

absl::StatusOr<std::string> WebhookBody(const v1::Event& event) {
  v1::WebhookPayload payload;
  payload.set_type(event.type());
  *payload.mutable_timestamp() = event.occurred_at();
  *payload.mutable_data() = event;
  std::string body;
  if (!google::protobuf::util::MessageToJsonString(payload, &body).ok()) {
    return absl::InternalError(absl::StrCat("cannot print event ", event.event_id(), " as JSON"));
  }
  return body;
}

std::string WebhookId(uint64_t event_id) { return absl::StrCat("evt_", event_id); }

}  // namespace tgauth
