// UserStore in memory, for unit tests of domain logic. Thread-safe; honours
// the same contracts as PostgresUserStore (tests/storage checks both).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_USER_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_USER_STORE_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "storage/memory/fake_support.h"
#include "storage/memory/in_memory_event_outbox.h"
#include "storage/user_store.h"

namespace tgauth::storage {

class InMemoryUserStore final : public UserStore {
 public:
  // NOT_FOUND if no user has this Telegram id.
  absl::StatusOr<UserRecord> FindByTelegramId(int64_t telegram_id) override;
  // NOT_FOUND if no user has this id.
  absl::StatusOr<UserRecord> FindById(absl::string_view user_id) override;
  // ALREADY_EXISTS if the Telegram id is taken.
  absl::StatusOr<UserRecord> Insert(const TelegramProfile& profile, absl::Time now) override;
  // Writes the names and photo (never the Telegram id). NOT_FOUND if absent.
  absl::StatusOr<UserRecord> UpdateProfile(absl::string_view user_id,
                                           const TelegramProfile& profile, absl::Time now) override;

  // True if a user has this id (InMemorySessionStore's foreign key).
  bool Contains(absl::string_view user_id) const;

  // For InMemoryInviteStore, as PostgresInviteStore writes the users row in
  // its transaction: sets the subscription of `user_id` to change(current),
  // writing (and moving updated_at to `now`) only if that differs. Returns
  // the subscription after the call. NOT_FOUND if there is no such user.
  absl::StatusOr<Subscription> ChangeSubscription(
      absl::string_view user_id, absl::FunctionRef<Subscription(const Subscription&)> change,
      absl::Time now);

  // For InMemoryUserAdminStore: every user, in no particular order.
  std::vector<UserRecord> All() const;
  // Runs `change` on user `user_id` under the store's lock; returns the user
  // after it. NOT_FOUND if there is no such user.
  absl::StatusOr<UserRecord> Change(absl::string_view user_id,
                                    absl::FunctionRef<void(UserRecord&)> change);
  // Erasure: forgets user `user_id` and releases its Telegram id. NOT_FOUND
  // if there is no such user.
  absl::Status Remove(absl::string_view user_id);

  // For InMemoryUserAdminStore's reads: OK, or the failure FailNextCalls
  // injected for this call.
  absl::Status CheckReachable() { return failures_.Next(); }

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

  // The domain events this store and the fakes built on it (sessions,
  // invite codes) appended with their changes, as PostgreSQL's outbox
  // would hold them.
  InMemoryEventOutbox& events() { return events_; }

 private:
  FailureInjector failures_;
  InMemoryEventOutbox events_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, UserRecord> users_ ABSL_GUARDED_BY(mu_);  // By id.
  absl::flat_hash_map<int64_t, std::string> ids_ ABSL_GUARDED_BY(mu_);       // By Telegram id.
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_USER_STORE_H_
