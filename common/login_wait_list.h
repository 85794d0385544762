// Parked long polls of QR logins: each waits for a change of one login or
// for its deadline, holding no thread. The server parks AwaitLogin calls
// here and the gateway parks HTTP long polls (gateway/login_poll.h).
// Deadlines are timers of the injected Clock, so one timer thread
// (RealClock's) serves them all, and a FakeClock's Advance fires them in tests.
#ifndef TGAUTH_COMMON_LOGIN_WAIT_LIST_H_
#define TGAUTH_COMMON_LOGIN_WAIT_LIST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace tgauth {

// Long polls one login may hold at once by default: a login is awaited by
// the page that started it, perhaps in a few tabs.
inline constexpr int kDefaultMaxPollsPerLogin = 8;

class LoginWaitList {
 public:
  enum class Wake { kChanged, kDeadline };
  // Runs once, on the notifying thread or the clock's timer thread (inside
  // FakeClock::Advance in tests): it must not block.
  using Waker = absl::AnyInvocable<void(Wake)>;

  // `clock` must outlive the list. `max_polls_per_login` bounds Enter.
  explicit LoginWaitList(const Clock& clock, int max_polls_per_login = kDefaultMaxPollsPerLogin)
      : clock_(clock), max_polls_per_login_(max_polls_per_login) {}
  // Cancels every deadline; wakers still parked are dropped without running.
  ~LoginWaitList();

  // The clock deadlines are read on: a waiter's deadline is clock().Now()
  // plus its wait.
  const Clock& clock() const { return clock_; }

  // Parks a waiter for the login under `key` until Notify(key) or `deadline`
  // (on clock()), whichever is first. Returns an id for Cancel (never 0).
  uint64_t Park(std::string key, absl::Time deadline, Waker waker);

  // Unparks a waiter. True if it was still parked (its waker will not run);
  // false if its waker already ran or is running.
  bool Cancel(uint64_t id);

  // Wakes every waiter of `key`; an empty key wakes every waiter (events may
  // have been lost, so all must re-check).
  void Notify(absl::string_view key);

  // For a server shutting down: wakes every waiter as if its deadline had
  // passed (a long poll then answers with the current state), and from now
  // on every Park's deadline is "now", so no poll parks again.
  void Drain();

  // How many waiters are parked.
  size_t size() const;

  // Takes one of the max_polls_per_login() places of the login under `key`
  // for a long poll, for its whole life (a poll parks again and again);
  // false when all are taken. Each successful Enter needs one Leave, so
  // anyone holding a login token cannot park unbounded polls on it.
  bool Enter(absl::string_view key);
  void Leave(absl::string_view key);
  int max_polls_per_login() const { return max_polls_per_login_; }

 private:
  struct Waiter {
    std::string key;
    Waker waker;
    Timer deadline;  // Destroyed outside mu_: cancelling waits for a running Expire.
  };
  // Removes waiter `id`; nullopt if it is not parked.
  std::optional<Waiter> TakeLocked(uint64_t id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Wakes waiter `id` with kDeadline if it is still parked.
  void Expire(uint64_t id);

  const Clock& clock_;
  const int max_polls_per_login_;
  mutable absl::Mutex mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<uint64_t, Waiter> waiters_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, absl::flat_hash_map<uint64_t, bool>> by_key_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> polls_ ABSL_GUARDED_BY(mu_);  // Enter minus Leave.
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_LOGIN_WAIT_LIST_H_
