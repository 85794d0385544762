// The names of domain event types (Event.type in
// proto/tgauth/v1/events.proto), one per payload: the one place that maps a
// payload to its name.
#ifndef TGAUTH_STORAGE_EVENT_TYPES_H_
#define TGAUTH_STORAGE_EVENT_TYPES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "tgauth/v1/events.pb.h"

namespace tgauth::storage {

// "session.created" for an Event whose payload is session_created, ...;
// "" when no payload is set.
absl::string_view EventTypeOf(const v1::Event& event);

// Every type name, in events.proto's order.
const std::vector<std::string>& AllEventTypes();

// True if `type` is one of AllEventTypes().
bool IsEventType(absl::string_view type);

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_EVENT_TYPES_H_
