#include "storage/memory/in_memory_update_ledger.h"

namespace tgauth::storage {
namespace {

absl::Status CheckPositive(absl::Duration d) {
  if (d <= absl::ZeroDuration()) return absl::InvalidArgumentError("duration must be positive");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ClaimResult> InMemoryUpdateLedger::Claim(int64_t update_id, absl::Duration lease) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (absl::Status s = CheckPositive(lease); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  auto it = updates_.find(update_id);
  if (it != updates_.end() && now < it->second.until) {
    if (!it->second.done) return ClaimResult{UpdateClaim::kInProgress};
    return ClaimResult{UpdateClaim::kProcessed, it->second.reply};
  }
  updates_[update_id] = Entry{.done = false, .until = now + lease};
  return ClaimResult{UpdateClaim::kClaimed};
}

absl::Status InMemoryUpdateLedger::MarkProcessed(int64_t update_id, absl::string_view reply,
                                                 absl::Duration retain_for) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (absl::Status s = CheckPositive(retain_for); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  updates_[update_id] =
      Entry{.done = true, .until = clock_.Now() + retain_for, .reply = std::string(reply)};
  return absl::OkStatus();
}

absl::Status InMemoryUpdateLedger::Renew(int64_t update_id, absl::Duration lease) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (absl::Status s = CheckPositive(lease); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  auto it = updates_.find(update_id);
  if (it != updates_.end() && !it->second.done && now < it->second.until) {
    it->second.until = now + lease;
  }
  return absl::OkStatus();
}

absl::Status InMemoryUpdateLedger::Release(int64_t update_id) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = updates_.find(update_id);
  if (it != updates_.end() && !it->second.done) updates_.erase(it);
  return absl::OkStatus();
}

}  // namespace tgauth::storage
