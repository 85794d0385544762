// UpdateLedger in memory, for unit tests of domain logic. Thread-safe; leases
// and retention follow the injected Clock. Same contracts as RedisUpdateLedger.
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_UPDATE_LEDGER_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_UPDATE_LEDGER_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "storage/memory/fake_support.h"
#include "storage/update_ledger.h"

namespace tgauth::storage {

class InMemoryUpdateLedger final : public UpdateLedger {
 public:
  // `clock` must outlive the ledger.
  explicit InMemoryUpdateLedger(const Clock& clock) : clock_(clock) {}

  // kClaimed if unclaimed (or its lease/retention passed). INVALID_ARGUMENT
  // if lease <= 0.
  absl::StatusOr<ClaimResult> Claim(int64_t update_id, absl::Duration lease) override;
  // Remembers the update as done, with its reply, for `retain_for` (> 0,
  // else INVALID_ARGUMENT).
  absl::Status MarkProcessed(int64_t update_id, absl::string_view reply,
                             absl::Duration retain_for) override;
  // Extends an unexpired claim; a no-op otherwise.
  absl::Status Renew(int64_t update_id, absl::Duration lease) override;
  // Forgets the update only while it is claimed, never once done.
  absl::Status Release(int64_t update_id) override;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  struct Entry {
    bool done = false;
    absl::Time until;
    std::string reply;  // Once done.
  };

  const Clock& clock_;
  FailureInjector failures_;
  absl::Mutex mu_;
  absl::flat_hash_map<int64_t, Entry> updates_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_UPDATE_LEDGER_H_
