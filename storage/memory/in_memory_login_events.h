// LoginEvents in memory, for unit tests of domain logic: Publish calls the
// subscribed handler synchronously, on the publishing thread. Thread-safe.
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_LOGIN_EVENTS_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_LOGIN_EVENTS_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "storage/login_events.h"
#include "storage/memory/fake_support.h"

namespace tgauth::storage {

class InMemoryLoginEvents final : public LoginEvents {
 public:
  // Calls the handler (if any) with `login_key` before returning; handler
  // calls never overlap. OK and dropped when nobody subscribed.
  absl::Status Publish(absl::string_view login_key) override;
  // Stores `handler` and calls handler("") at once, as the real subscriber
  // does after connecting. FAILED_PRECONDITION if called twice.
  absl::Status Subscribe(Handler handler) override;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  FailureInjector failures_;
  absl::Mutex mu_;  // Held while the handler runs, so calls never overlap.
  std::optional<Handler> handler_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_LOGIN_EVENTS_H_
