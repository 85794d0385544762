// Keeps one AuthService.WatchLoginChanges stream open to the server and
// wakes the gateway's parked long polls (common/login_wait_list.h) for each
// login it names, so a parked poll costs the gateway a few hundred bytes
// and the server nothing until its login changes (login_poll.h).
//
// While the stream is down (the server restarts, or is too old to offer
// it), connected() is false and long polls wait in the server instead.
// Changes in between are not replayed, so the stream's start and its end
// both wake every parked poll to re-check. Reconnects with backoff.
#ifndef TGAUTH_GATEWAY_LOGIN_CHANGE_WATCH_H_
#define TGAUTH_GATEWAY_LOGIN_CHANGE_WATCH_H_

#include <atomic>

#include "absl/random/random.h"

#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "common/login_wait_list.h"
#include "common/retry_backoff.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

// The wait before reconnecting: from 100 ms, doubling to 10 s.
inline constexpr RetryBackoff kLoginWatchBackoff{.initial = absl::Milliseconds(100),
                                                 .max = absl::Seconds(10)};

class LoginChangeWatch {
 public:
  // `stub`, `waiters` and `clock` (reconnect timers) must outlive the watch.
  LoginChangeWatch(tgauth::v1::AuthService::StubInterface& stub, LoginWaitList& waiters,
                   const Clock& clock);
  ~LoginChangeWatch();  // Stop().

  LoginChangeWatch(const LoginChangeWatch&) = delete;
  LoginChangeWatch& operator=(const LoginChangeWatch&) = delete;

  // Opens the stream (and keeps reopening it). Call once.
  void Start();

  // Ends the stream and waits until gRPC has let go of it; no waiter is
  // woken from now on. Idempotent.
  void Stop();

  // The stream is open: the server tells of every change.
  bool connected() const { return connected_.load(); }

 private:
  class Stream;
  void Connect();
  // The stream opened: the server tells of changes from now on.
  void Opened();
  // `stream` is ending: Stop must no longer cancel it.
  void Forget(Stream* stream);
  // A stream ended (and is gone), after it had `opened` or not: wake every
  // parked poll if it had, and reconnect after the backoff.
  void Ended(bool opened);

  tgauth::v1::AuthService::StubInterface& stub_;
  LoginWaitList& waiters_;
  const Clock& clock_;
  std::atomic<bool> connected_{false};

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Stream* stream_ ABSL_GUARDED_BY(mu_) = nullptr;  // The newest stream; it deletes itself.
  int live_streams_ ABSL_GUARDED_BY(mu_) = 0;      // Begun, and not yet through Ended.
  int failures_ ABSL_GUARDED_BY(mu_) = 0;          // Attempts since the last opened stream.
  Timer reconnect_ ABSL_GUARDED_BY(mu_);
  absl::BitGen random_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_LOGIN_CHANGE_WATCH_H_
