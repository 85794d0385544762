// Who caused a change to identity state, as the domain event that records it
// says (Event.actor and Event.request_id in proto/tgauth/v1/events.proto).
//
// A store stamps the events it appends with EventOrigin::Current(), unless
// the change is tgauth's own (EventOrigin::System(): expiry, refresh token
// reuse). The caller says who it is by the scope it runs in, so the origin
// needs no parameter on every store and domain method between the RPC and
// the store: the request id comes from the RPC's RequestIdScope
// (common/request_id.h, set by server/rpc/call_log_scope.h), and an
// operator's call runs its handler inside EventOriginScope(Admin(name)).
// Outside any scope the actor is the user the event is about.
#ifndef TGAUTH_STORAGE_EVENT_ORIGIN_H_
#define TGAUTH_STORAGE_EVENT_ORIGIN_H_

#include <string>

#include "absl/strings/string_view.h"
#include "tgauth/v1/events.pb.h"

namespace tgauth::storage {

struct EventOrigin {
  v1::Actor::Kind actor = v1::Actor::USER;
  std::string actor_name;  // The operator's name for ADMIN; else empty.
  std::string request_id;  // The request that caused it; empty if none.

  // This thread's innermost EventOriginScope, else the user; the request id
  // is CurrentRequestId() (common/request_id.h).
  static EventOrigin Current();
  // tgauth itself, possibly while serving a request.
  static EventOrigin System();
  // The operator `name` through AdminService, in the current request.
  static EventOrigin Admin(absl::string_view name);

  // Sets `event`'s actor and request_id.
  void Stamp(v1::Event& event) const;

  friend bool operator==(const EventOrigin&, const EventOrigin&) = default;
};

// While it lives, EventOrigin::Current() on this thread is `origin`'s actor
// (with the current request id); scopes nest.
class EventOriginScope {
 public:
  explicit EventOriginScope(EventOrigin origin);
  ~EventOriginScope();

  EventOriginScope(const EventOriginScope&) = delete;
  EventOriginScope& operator=(const EventOriginScope&) = delete;

 private:
  friend struct EventOrigin;
  const EventOrigin origin_;
  const EventOriginScope* const outer_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_EVENT_ORIGIN_H_
