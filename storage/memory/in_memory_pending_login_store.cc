#include "storage/memory/in_memory_pending_login_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace tgauth::storage {

InMemoryPendingLoginStore::Entry* InMemoryPendingLoginStore::Find(absl::string_view key) {
  auto it = logins_.find(std::string(key));
  if (it == logins_.end()) return nullptr;
  if (clock_.Now() >= it->second.retained_until) {
    logins_.erase(it);  // What a Redis TTL does.
    return nullptr;
  }
  return &it->second;
}

absl::Status InMemoryPendingLoginStore::Create(absl::string_view key, const PendingLogin& login,
                                               absl::Duration retain_for) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (retain_for <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("retention must be positive");
  }
  absl::MutexLock lock(&mu_);
  if (Find(key) != nullptr) return absl::AlreadyExistsError("login key already exists");
  Entry entry{login, clock_.Now() + retain_for};
  entry.login.created_at = ToStoredPrecision(login.created_at);
  entry.login.expires_at = ToStoredPrecision(login.expires_at);
  logins_.insert_or_assign(std::string(key), std::move(entry));
  return absl::OkStatus();
}

absl::StatusOr<PendingLogin> InMemoryPendingLoginStore::Get(absl::string_view key) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  const Entry* entry = Find(key);
  if (entry == nullptr) return absl::NotFoundError("no such login");
  return entry->login;
}

absl::StatusOr<LoginTransition> InMemoryPendingLoginStore::Transition(absl::string_view key,
                                                                      const LoginChange& change) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  LoginTransition result;
  {
    absl::MutexLock lock(&mu_);
    Entry* entry = Find(key);
    if (entry == nullptr) return absl::NotFoundError("no such login");
    PendingLogin& login = entry->login;
    result.applied = login.state == change.from &&
                     (change.unexpired_at == absl::InfinitePast() ||
                      ToStoredPrecision(change.unexpired_at) < login.expires_at) &&
                     (change.poll_token_hash.empty() ||
                      change.poll_token_hash == login.poll_token_hash) &&
                     (change.scanned_by == 0 ||
                      (login.user.has_value() &&
                       login.user->profile.telegram_id == change.scanned_by)) &&
                     (!change.match_code.has_value() || *change.match_code == login.match_code);
    if (result.applied) {
      login.state = change.to;
      if (change.user != nullptr) login.user = *change.user;
      if (change.quota != nullptr && login.user.has_value()) {
        absl::StatusOr<bool> within = quotas_.Allow(
            absl::StrCat(change.quota->bucket_prefix, login.user->profile.telegram_id),
            change.quota->limit, change.quota->window);
        if (!within.ok()) return within.status();
        entry->within_quota = *within;
      }
      result.within_quota = entry->within_quota;
    } else if (change.quota != nullptr && login.state == change.to &&
               (change.poll_token_hash.empty() ||
                change.poll_token_hash == login.poll_token_hash)) {
      result.within_quota = entry->within_quota;  // A retry: the verdict of the applied change.
    }
    result.login = login;
  }
  // Best effort, like a PUBLISH: nobody may be listening.
  if (result.applied && change.wake && wakes_ != nullptr) (void)wakes_->Publish(key);
  return result;
}

}  // namespace tgauth::storage
