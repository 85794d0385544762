#include "storage/memory/in_memory_signed_data_ledger.h"

#include "absl/status/status.h"

namespace tgauth::storage {

absl::StatusOr<bool> InMemorySignedDataLedger::Claim(absl::string_view digest,
                                                     absl::Duration retain_for) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (retain_for <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("retention must be positive");
  }
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  auto [it, inserted] = retained_until_.try_emplace(std::string(digest), now + retain_for);
  if (inserted) return true;
  if (now < it->second) return false;
  it->second = now + retain_for;  // Past its retention: what a Redis TTL forgets.
  return true;
}

absl::Status InMemorySignedDataLedger::Release(absl::string_view digest) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  retained_until_.erase(std::string(digest));
  return absl::OkStatus();
}

}  // namespace tgauth::storage
