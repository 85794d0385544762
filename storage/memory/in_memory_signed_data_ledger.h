// SignedDataLedger in memory, for unit tests of domain logic. Thread-safe;
// retention follows the injected Clock. Same contracts as
// RedisSignedDataLedger (tests/storage).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_SIGNED_DATA_LEDGER_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_SIGNED_DATA_LEDGER_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "storage/memory/fake_support.h"
#include "storage/signed_data_ledger.h"

namespace tgauth::storage {

class InMemorySignedDataLedger final : public SignedDataLedger {
 public:
  // `clock` must outlive the ledger.
  explicit InMemorySignedDataLedger(const Clock& clock) : clock_(clock) {}

  // True unless `digest` is held and clock.Now() is before its retention
  // ends. INVALID_ARGUMENT if retain_for <= 0.
  absl::StatusOr<bool> Claim(absl::string_view digest, absl::Duration retain_for) override;
  absl::Status Release(absl::string_view digest) override;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  const Clock& clock_;
  FailureInjector failures_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, absl::Time> retained_until_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_SIGNED_DATA_LEDGER_H_
