// Wake-ups for readers of numbered events: the relay announces each
// numbering (storage/postgres/queries/notify_events_numbered.sql), and every
// replica's EventFeed (server/events/event_feed.h) waits here for it.
#ifndef TGAUTH_STORAGE_EVENT_NOTIFICATIONS_H_
#define TGAUTH_STORAGE_EVENT_NOTIFICATIONS_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tgauth::storage {

class EventNotifications {
 public:
  virtual ~EventNotifications() = default;

  // Waits up to `timeout` for the announcement of newly numbered events:
  // true if one (or more) came, false if none did. UNAVAILABLE if the
  // connection is down (announcements may have been missed meanwhile; the
  // next call reconnects). Called from one thread.
  virtual absl::StatusOr<bool> Await(absl::Duration timeout) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_EVENT_NOTIFICATIONS_H_
