// LoginLinkStore in memory, for unit tests of domain logic. Thread-safe;
// links expire by the injected Clock. Same contracts as RedisLoginLinkStore
// (tests/storage).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_LOGIN_LINK_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_LOGIN_LINK_STORE_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "storage/login_link_store.h"
#include "storage/memory/fake_support.h"

namespace tgauth::storage {

class InMemoryLoginLinkStore final : public LoginLinkStore {
 public:
  // `clock` must outlive the store.
  explicit InMemoryLoginLinkStore(const Clock& clock) : clock_(clock) {}

  // ALREADY_EXISTS if `key` is held (and not expired); INVALID_ARGUMENT if
  // link.expires_at <= now.
  absl::Status Create(absl::string_view key, const LoginLink& link, absl::Time now) override;
  // Atomic under one lock. NOT_FOUND if absent, consumed, or clock.Now() is
  // at or past its expiry.
  absl::StatusOr<LoginLink> Consume(absl::string_view key) override;
  // NOT_FOUND if absent, consumed, or clock.Now() is at or past its expiry.
  absl::StatusOr<LoginLink> Find(absl::string_view key) override;

  // Links currently held, expired ones included (tests check nothing leaks).
  size_t size() const;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  const Clock& clock_;
  FailureInjector failures_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, LoginLink> links_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_LOGIN_LINK_STORE_H_
