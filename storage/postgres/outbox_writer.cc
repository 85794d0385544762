#include "storage/postgres/outbox_writer.h"

#include <google/protobuf/util/json_util.h>

#include "storage/postgres/postgres_database.h"
#include "storage/postgres/queries.h"

namespace tgauth::storage {

void AppendEvent(pqxx::transaction_base& tx, const v1::Event& event) {
  Exec(tx, queries::kAppendEvent, event.type(), event.user_id(), event.session_id(),
       static_cast<int>(event.actor().kind()), event.actor().name(), event.request_id(),
       OutboxPayload(event));
}

std::string OutboxPayload(const v1::Event& event) {
  v1::Event payload_only = event;
  payload_only.clear_event_id();
  payload_only.clear_type();
  payload_only.clear_occurred_at();
  payload_only.clear_user_id();
  payload_only.clear_session_id();
  payload_only.clear_actor();
  payload_only.clear_request_id();
  std::string json;
  // Serialising a well-formed message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(payload_only, &json);
  return json;
}

bool ParseOutboxPayload(const std::string& payload, v1::Event* event) {
  v1::Event parsed;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // A payload field a newer replica added.
  if (!google::protobuf::util::JsonStringToMessage(payload, &parsed, options).ok()) return false;
  event->MergeFrom(parsed);
  return true;
}

}  // namespace tgauth::storage
