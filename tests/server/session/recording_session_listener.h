// A SessionListener that records what it hears, for tests of the hook
// after every new session.
#ifndef TGAUTH_TESTS_SERVER_SESSION_RECORDING_SESSION_LISTENER_H_
#define TGAUTH_TESTS_SERVER_SESSION_RECORDING_SESSION_LISTENER_H_

#include <vector>

#include "absl/synchronization/mutex.h"
#include "server/session/session_listener.h"

namespace tgauth::testing {

class RecordingSessionListener final : public SessionListener {
 public:
  void OnSessionCreated(const CreatedSession& session) override {
    absl::MutexLock lock(&mu_);
    heard_.push_back(session);
  }

  // Every session heard of so far, in order.
  std::vector<CreatedSession> Heard() const {
    absl::MutexLock lock(&mu_);
    return heard_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<CreatedSession> heard_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::testing

#endif  // TGAUTH_TESTS_SERVER_SESSION_RECORDING_SESSION_LISTENER_H_
