// UserAdminStore in memory, for unit tests of domain logic: works on the
// fakes of the user, session and invite stores it is given. Thread-safe;
// honours the same contracts as PostgresUserAdminStore (tests/storage
// checks both).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_USER_ADMIN_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_USER_ADMIN_STORE_H_

#include "absl/synchronization/mutex.h"
#include "storage/memory/in_memory_invite_store.h"
#include "storage/memory/in_memory_session_store.h"
#include "storage/memory/in_memory_user_store.h"
#include "storage/user_admin_store.h"

namespace tgauth::storage {

class InMemoryUserAdminStore final : public UserAdminStore {
 public:
  // Every store must outlive this one.
  InMemoryUserAdminStore(InMemoryUserStore& users, InMemorySessionStore& sessions,
                         InMemoryInviteStore& invites)
      : users_(users), sessions_(sessions), invites_(invites) {}

  absl::StatusOr<UserRecord> FindByUsername(absl::string_view username) override;
  absl::StatusOr<std::vector<UserRecord>> List(const UserFilter& filter,
                                               const std::optional<UserCursor>& after,
                                               int limit) override;
  absl::StatusOr<UserChange> Block(absl::string_view user_id, absl::string_view reason,
                                   absl::Time now) override;
  absl::StatusOr<UserChange> Unblock(absl::string_view user_id, absl::Time now) override;
  absl::StatusOr<UserChange> Erase(absl::string_view user_id, absl::Time now) override;
  absl::StatusOr<std::vector<int64_t>> ListBlockedTelegramIds() override;
  absl::StatusOr<std::vector<UserRedemption>> ListRedemptions(absl::string_view user_id) override;

 private:
  // Revokes the user's active sessions with `reason` into `change`.
  absl::Status RevokeAll(absl::string_view user_id, absl::Time now, absl::string_view reason,
                         UserChange& change);

  InMemoryUserStore& users_;
  InMemorySessionStore& sessions_;
  InMemoryInviteStore& invites_;
  absl::Mutex mu_;  // Makes each change one step, as a transaction does.
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_USER_ADMIN_STORE_H_
