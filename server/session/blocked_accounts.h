// Which Telegram accounts are blocked, known in memory so that the bot can
// refuse a blocked sender without reading the users table for every update
// (a QR login's /start and Confirm press would otherwise each cost a
// PostgreSQL transaction). Reloads the whole set from the UserAdminStore
// every `reload_interval` on a Clock timer; UserAdministration notes this
// replica's own blocks, unblocks and erasures at once, so another replica's
// change is known here within one interval.
//
// The set only spares a blocked user a prompt that would lead nowhere: the
// sign-in itself refuses them (SessionStore::CreateForTelegramUser), so a
// stale set, or one that could never be loaded, lets nobody in.
#ifndef TGAUTH_SERVER_SESSION_BLOCKED_ACCOUNTS_H_
#define TGAUTH_SERVER_SESSION_BLOCKED_ACCOUNTS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/background_loop.h"
#include "common/clock.h"
#include "storage/user_admin_store.h"

namespace tgauth {

struct BlockedAccountsOptions {
  absl::Duration reload_interval = absl::Seconds(1);
};

class BlockedAccounts final : public BackgroundLoop {
 public:
  // `admin` and `clock` must outlive this.
  BlockedAccounts(BlockedAccountsOptions options, storage::UserAdminStore& admin,
                  const Clock& clock)
      : options_(options), admin_(admin), clock_(clock) {}
  ~BlockedAccounts() override;  // Stop().

  // True if the account `telegram_id` was blocked as of the last reload or
  // note. Never touches a store. Thread-safe.
  bool IsBlocked(int64_t telegram_id) const;

  // Records that this replica just blocked (or unblocked, or erased: false)
  // the account `telegram_id`, committed in the store; a reload that read
  // the store before that commit does not undo it. Thread-safe.
  void Note(int64_t telegram_id, bool blocked);

  // Replaces the set with the store's (UserAdminStore::ListBlockedTelegramIds).
  // UNAVAILABLE if the store is unreachable: the set stays as it was.
  absl::Status Reload();

  // Reloads once on the calling thread and returns its result, then every
  // `reload_interval` on the clock's timer, retrying after failures.
  absl::Status Start() override;
  // Ends the reloads, waiting for a running one to finish.
  void Stop() override;

 private:
  const BlockedAccountsOptions options_;
  storage::UserAdminStore& admin_;
  const Clock& clock_;
  bool logged_outage_ = false;  // Touched only by Reload, one at a time.
  mutable absl::Mutex mu_;
  absl::flat_hash_set<int64_t> blocked_ ABSL_GUARDED_BY(mu_);
  // Notes made while a reload reads the store, applied again over its answer.
  bool reloading_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::pair<int64_t, bool>> notes_during_reload_ ABSL_GUARDED_BY(mu_);
  Timer reloads_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_BLOCKED_ACCOUNTS_H_
