// AuthorizationRequestStore in memory, for unit tests of domain logic.
// Thread-safe; requests expire by the injected Clock. Same contracts as
// RedisAuthorizationRequestStore (tests/storage).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_AUTHORIZATION_REQUEST_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_AUTHORIZATION_REQUEST_STORE_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "storage/authorization_request_store.h"
#include "storage/memory/fake_support.h"

namespace tgauth::storage {

class InMemoryAuthorizationRequestStore final : public AuthorizationRequestStore {
 public:
  // `clock` must outlive the store.
  explicit InMemoryAuthorizationRequestStore(const Clock& clock) : clock_(clock) {}

  absl::StatusOr<std::string> Put(const AuthorizationRequest& request,
                                  absl::Duration lifetime) override;
  // A request is gone once clock.Now() reaches its expiry.
  absl::StatusOr<AuthorizationRequest> Describe(absl::string_view handle) override;
  // Atomic under one lock.
  absl::StatusOr<AuthorizationRequest> Consume(absl::string_view handle) override;

  // Requests held, expired ones included (tests check what was stored).
  size_t size() const;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  struct Entry {
    AuthorizationRequest request;
    absl::Time expires_at;
  };
  using Map = absl::flat_hash_map<std::string, Entry>;
  // The live entry under `handle`'s key; INVALID_ARGUMENT for a malformed
  // handle, NOT_FOUND if absent or expired (an expired entry is dropped).
  absl::StatusOr<Map::iterator> Find(absl::string_view handle) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Clock& clock_;
  FailureInjector failures_;
  mutable absl::Mutex mu_;
  Map requests_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_AUTHORIZATION_REQUEST_STORE_H_
