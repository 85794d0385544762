// The one start/stop shape of every background loop: periodic work on Clock
// timers (SessionCleaner, RevocationFeed) and I/O loops on a thread of their
// own (RedisLoginEvents' subscriber, BotApiClient's worker). The composition
// root (server/app/server_app.cc) starts each once and stops it before
// anything it uses goes away.
#ifndef TGAUTH_COMMON_BACKGROUND_LOOP_H_
#define TGAUTH_COMMON_BACKGROUND_LOOP_H_

#include "absl/status/status.h"

namespace tgauth {

class BackgroundLoop {
 public:
  virtual ~BackgroundLoop() = default;

  // Starts the loop; call at most once. Returns the first round's error
  // where the loop has one (the loop keeps retrying anyway), or
  // FAILED_PRECONDITION if it cannot start.
  virtual absl::Status Start() = 0;

  // Stops the loop and waits for work in progress to end; none runs after
  // it returns. Idempotent; destructors call it.
  virtual void Stop() = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_BACKGROUND_LOOP_H_
