// AuthorizationCodeStore in memory, for unit tests of domain logic.
// Thread-safe; codes expire by the injected Clock. Same contracts as
// RedisAuthorizationCodeStore (tests/storage).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_AUTHORIZATION_CODE_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_AUTHORIZATION_CODE_STORE_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "storage/authorization_code_store.h"
#include "storage/memory/fake_support.h"

namespace tgauth::storage {

class InMemoryAuthorizationCodeStore final : public AuthorizationCodeStore {
 public:
  // `clock` must outlive the store.
  explicit InMemoryAuthorizationCodeStore(const Clock& clock) : clock_(clock) {}

  absl::StatusOr<std::string> Issue(const AuthorizationCode& code,
                                    absl::Duration lifetime) override;
  // Atomic under one lock; a code is gone once clock.Now() reaches its expiry.
  absl::StatusOr<RedeemedCode> Redeem(absl::string_view code, absl::Duration retain_for) override;
  absl::Status RecordSession(absl::string_view code, absl::string_view session_id) override;

  // Codes held, expired ones included (tests check what was stored).
  size_t size() const;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  struct Entry {
    AuthorizationCode code;
    absl::Time expires_at;
    bool redeemed = false;
    std::string session_id;
  };
  // The live entry under `key`, or null (an expired one is dropped).
  Entry* Find(const std::string& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Clock& clock_;
  FailureInjector failures_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> codes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_AUTHORIZATION_CODE_STORE_H_
