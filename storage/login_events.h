// Cross-replica wake-ups for parked long polls (Redis pub/sub): a login
// confirmed through one replica wakes the poll parked on another.
#ifndef TGAUTH_STORAGE_LOGIN_EVENTS_H_
#define TGAUTH_STORAGE_LOGIN_EVENTS_H_

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tgauth::storage {

class LoginEvents {
 public:
  // Receives the key of a changed login. Called from the subscription's own
  // thread; must not block. On a (re)connection it is called with an empty
  // key, meaning "events may have been missed: re-check every waiter".
  using Handler = absl::AnyInvocable<void(absl::string_view login_key)>;

  virtual ~LoginEvents() = default;

  // Tells every subscribed replica that the login under `login_key` changed.
  // At most once: a lost event only delays a poll to the end of its wait.
  // UNAVAILABLE if the broker cannot be reached.
  virtual absl::Status Publish(absl::string_view login_key) = 0;

  // Starts delivering events to `handler`, until destruction. Call once.
  virtual absl::Status Subscribe(Handler handler) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_LOGIN_EVENTS_H_
