#include "server/session/blocked_accounts.h"

#include "common/log.h"

namespace tgauth {

BlockedAccounts::~BlockedAccounts() { Stop(); }

bool BlockedAccounts::IsBlocked(int64_t telegram_id) const {
  absl::MutexLock lock(&mu_);
  return blocked_.contains(telegram_id);
}

void BlockedAccounts::Note(int64_t telegram_id, bool blocked) {
  absl::MutexLock lock(&mu_);
  if (blocked) {
    blocked_.insert(telegram_id);
  } else {
    blocked_.erase(telegram_id);
  }
  if (reloading_) notes_during_reload_.emplace_back(telegram_id, blocked);
}

absl::Status BlockedAccounts::Reload() {
  {
    absl::MutexLock lock(&mu_);
    reloading_ = true;
    notes_during_reload_.clear();
  }
  absl::StatusOr<std::vector<int64_t>> ids = admin_.ListBlockedTelegramIds();
  absl::MutexLock lock(&mu_);
  reloading_ = false;
  if (!ids.ok()) {
    if (!logged_outage_) {
      LogWarning("blocked accounts: cannot reload", {{"error", ids.status()}});
      logged_outage_ = true;
    }
    return ids.status();
  }
  if (logged_outage_) LogInfo("blocked accounts: reloading again");
  logged_outage_ = false;
  blocked_ = absl::flat_hash_set<int64_t>(ids->begin(), ids->end());
  // The store's answer may predate a note's commit; the note is newer.
  for (const auto& [telegram_id, blocked] : notes_during_reload_) {
    if (blocked) {
      blocked_.insert(telegram_id);
    } else {
      blocked_.erase(telegram_id);
    }
  }
  notes_during_reload_.clear();
  return absl::OkStatus();
}

absl::Status BlockedAccounts::Start() {
  absl::Status first = Reload();
  // Logged once per outage in Reload.
  reloads_ = clock_.RunEvery(options_.reload_interval, [this] { Reload().IgnoreError(); });
  return first;
}

void BlockedAccounts::Stop() { reloads_.Cancel(); }

}  // namespace tgauth
