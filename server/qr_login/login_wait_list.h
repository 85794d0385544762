// Parked long polls: each waits for a change of one login or for its
// deadline, holding no thread (DESIGN.md step 4). One timer thread serves
// every deadline.
#ifndef TGAUTH_SERVER_QR_LOGIN_LOGIN_WAIT_LIST_H_
#define TGAUTH_SERVER_QR_LOGIN_LOGIN_WAIT_LIST_H_

#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace tgauth {

class LoginWaitList {
 public:
  enum class Wake { kChanged, kDeadline };
  // Runs once, on the notifying or the timer thread: it must not block.
  using Waker = absl::AnyInvocable<void(Wake)>;

  LoginWaitList();
  // Stops the timer thread; wakers still parked are dropped without running.
  ~LoginWaitList();

  // Parks a waiter for the login under `key` until Notify(key) or `deadline`
  // (wall clock), whichever is first. Returns an id for Cancel (never 0).
  uint64_t Park(std::string key, absl::Time deadline, Waker waker);

  // Unparks a waiter. True if it was still parked (its waker will not run);
  // false if its waker already ran or is running.
  bool Cancel(uint64_t id);

  // Wakes every waiter of `key`; an empty key wakes every waiter (events may
  // have been lost, so all must re-check).
  void Notify(absl::string_view key);

  // How many waiters are parked.
  size_t size() const;

 private:
  struct Waiter {
    std::string key;
    absl::Time deadline;
    Waker waker;
  };
  // Removes waiter `id` and returns its waker. Requires mu_.
  Waker TakeLocked(uint64_t id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RunTimer();

  mutable absl::Mutex mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  absl::flat_hash_map<uint64_t, Waiter> waiters_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, absl::flat_hash_map<uint64_t, bool>> by_key_
      ABSL_GUARDED_BY(mu_);
  std::multimap<absl::Time, uint64_t> by_deadline_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread timer_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_QR_LOGIN_LOGIN_WAIT_LIST_H_
