// SessionStore in memory, for unit tests of domain logic. Thread-safe; honours
// the same contracts as PostgresSessionStore (tests/storage checks both).
#ifndef TGAUTH_STORAGE_IN_MEMORY_SESSION_STORE_H_
#define TGAUTH_STORAGE_IN_MEMORY_SESSION_STORE_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "storage/fake_support.h"
#include "storage/in_memory_user_store.h"
#include "storage/session_store.h"

namespace tgauth::storage {

class InMemorySessionStore final : public SessionStore {
 public:
  // `users` plays the foreign key and must outlive the store.
  explicit InMemorySessionStore(const InMemoryUserStore& users) : users_(users) {}

  // FAILED_PRECONDITION if `users` has no such user; ALREADY_EXISTS if the
  // refresh token hash is taken.
  absl::StatusOr<SessionRecord> Create(const NewSession& session) override;
  // Oldest first (created_at, then id); empty if there are none.
  absl::StatusOr<std::vector<SessionRecord>> ListByUser(std::string_view user_id) override;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  const InMemoryUserStore& users_;
  FailureInjector failures_;
  absl::Mutex mu_;
  std::vector<SessionRecord> sessions_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> refresh_token_hashes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_IN_MEMORY_SESSION_STORE_H_
