// InviteStore in memory, for unit tests of domain logic. Thread-safe; writes
// subscriptions into an InMemoryUserStore as PostgresInviteStore writes the
// users table. Same contracts as PostgresInviteStore (tests/storage).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_INVITE_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_INVITE_STORE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "storage/invite_store.h"
#include "storage/memory/fake_support.h"
#include "storage/memory/in_memory_user_store.h"
#include "storage/user_admin_store.h"

namespace tgauth::storage {

class InMemoryInviteStore final : public InviteStore {
 public:
  // `users` must outlive the store.
  explicit InMemoryInviteStore(InMemoryUserStore& users) : users_(users) {}

  // ALREADY_EXISTS if the hash is taken.
  absl::StatusOr<int64_t> Create(const InviteCode& code) override;
  // NOT_FOUND if no code has this hash.
  absl::StatusOr<InviteCode> Find(absl::string_view code_hash) override;
  // Newest first by created_at, then by insertion order.
  absl::StatusOr<std::vector<InviteCode>> List(int limit) override;
  // NOT_FOUND if no code has this id.
  absl::StatusOr<InviteCode> Disable(int64_t id, absl::Time now) override;
  // Atomic under one lock (the users store's lock is taken inside it).
  absl::StatusOr<Redemption> Redeem(absl::string_view code_hash, absl::string_view user_id,
                                    absl::Time now) override;

  // For InMemoryUserAdminStore: the redemptions of `user_id`, oldest first.
  std::vector<UserRedemption> RedemptionsOf(absl::string_view user_id);

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  InMemoryUserStore& users_;
  FailureInjector failures_;
  absl::Mutex mu_;
  std::vector<InviteCode> codes_ ABSL_GUARDED_BY(mu_);  // In insertion order.
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  // When each (code_hash, user_id) redemption happened.
  absl::flat_hash_map<std::pair<std::string, std::string>, absl::Time> redemptions_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_INVITE_STORE_H_
