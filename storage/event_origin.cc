#include "storage/event_origin.h"

#include "common/request_id.h"

namespace tgauth::storage {
namespace {
thread_local const EventOriginScope* current_scope = nullptr;
}  // namespace

EventOrigin EventOrigin::Current() {
  EventOrigin origin;
  if (current_scope != nullptr) origin = current_scope->origin_;
  origin.request_id = std::string(CurrentRequestId());
  return origin;
}

EventOrigin EventOrigin::System() {
  return {v1::Actor::SYSTEM, "", std::string(CurrentRequestId())};
}

EventOrigin EventOrigin::Admin(absl::string_view name) {
  return {v1::Actor::ADMIN, std::string(name), std::string(CurrentRequestId())};
}

void EventOrigin::Stamp(v1::Event& event) const {
  event.mutable_actor()->set_kind(actor);
  event.mutable_actor()->set_name(actor_name);
  event.set_request_id(request_id);
}

EventOriginScope::EventOriginScope(EventOrigin origin)
    : origin_(std::move(origin)), outer_(current_scope) {
  current_scope = this;
}

EventOriginScope::~EventOriginScope() { current_scope = outer_; }

}  // namespace tgauth::storage
