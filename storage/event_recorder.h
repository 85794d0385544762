// Records a domain event in a transaction of its own, for a change whose
// state does not live in PostgreSQL (a login denied in the bot: the login
// is a Redis record, storage/pending_login_store.h). The event commits
// after the change, not with it: a process that dies between the two loses
// the event, a window a store's own changes do not have (they append inside
// their transaction, storage/postgres/outbox_writer.h).
#ifndef TGAUTH_STORAGE_EVENT_RECORDER_H_
#define TGAUTH_STORAGE_EVENT_RECORDER_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "tgauth/v1/events.pb.h"

namespace tgauth::storage {

class EventRecorder {
 public:
  virtual ~EventRecorder() = default;

  // Appends `event` to the outbox, occurring at `now` (the fake's time;
  // PostgreSQL stamps its own clock). UNAVAILABLE if unreachable (then
  // nothing was recorded).
  virtual absl::Status Record(const v1::Event& event, absl::Time now) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_EVENT_RECORDER_H_
