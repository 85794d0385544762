// PendingLoginStore in memory, for unit tests of domain logic. Thread-safe;
// retention follows the injected Clock, so tests expire logins by advancing
// a FakeClock. Same contracts as RedisPendingLoginStore (tests/storage).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_PENDING_LOGIN_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_PENDING_LOGIN_STORE_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "storage/login_events.h"
#include "storage/memory/fake_support.h"
#include "storage/memory/in_memory_rate_limiter.h"
#include "storage/pending_login_store.h"

namespace tgauth::storage {

class InMemoryPendingLoginStore final : public PendingLoginStore {
 public:
  // `clock` must outlive the store, and `wakes` and `quotas` too when not
  // null: applied transitions with change.wake are published on `wakes`
  // (null: nowhere); change.quota is counted in `quotas` (null: in a
  // limiter of the store's own), sharing its buckets as Redis does.
  explicit InMemoryPendingLoginStore(const Clock& clock, LoginEvents* wakes = nullptr,
                                     RateLimiter* quotas = nullptr)
      : clock_(clock), wakes_(wakes), own_quotas_(clock),
        quotas_(quotas != nullptr ? *quotas : own_quotas_) {}

  // ALREADY_EXISTS if `key` is held (and not past its retention);
  // INVALID_ARGUMENT if retain_for <= 0.
  absl::Status Create(absl::string_view key, const PendingLogin& login,
                      absl::Duration retain_for) override;
  // NOT_FOUND if absent or clock.Now() is past its retention.
  absl::StatusOr<PendingLogin> Get(absl::string_view key) override;
  // Atomic under one lock; the wake-up is published after it is released
  // (the handler may read the store). NOT_FOUND if absent or past its
  // retention.
  absl::StatusOr<LoginTransition> Transition(absl::string_view key,
                                             const LoginChange& change) override;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  struct Entry {
    PendingLogin login;
    absl::Time retained_until;
    bool within_quota = true;  // The verdict of the quota counted when applied.
  };

  // The live entry under `key`, dropping it if its retention has passed.
  Entry* Find(absl::string_view key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Clock& clock_;
  LoginEvents* const wakes_;
  InMemoryRateLimiter own_quotas_;
  RateLimiter& quotas_;
  FailureInjector failures_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> logins_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_PENDING_LOGIN_STORE_H_
