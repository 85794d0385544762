#include "common/login_wait_list.h"

#include <vector>

namespace tgauth {

LoginWaitList::~LoginWaitList() {
  std::vector<Waiter> dropped;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [id, waiter] : waiters_) dropped.push_back(std::move(waiter));
    waiters_.clear();
    by_key_.clear();
  }
  dropped.clear();  // Outside the lock: cancels each deadline's timer.
}

uint64_t LoginWaitList::Park(std::string key, absl::Time deadline, Waker waker) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = next_id_++;
  by_key_[key][id] = true;
  Waiter& waiter = waiters_[id] = Waiter{std::move(key), std::move(waker), Timer()};
  // Expire takes mu_, so it cannot look before the timer is stored.
  const absl::Duration wait = draining_ ? absl::ZeroDuration() : deadline - clock_.Now();
  waiter.deadline = clock_.RunAfter(wait, [this, id] { Expire(id); });
  return id;
}

std::optional<LoginWaitList::Waiter> LoginWaitList::TakeLocked(uint64_t id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return std::nullopt;
  Waiter waiter = std::move(it->second);
  waiters_.erase(it);
  auto key_it = by_key_.find(waiter.key);
  key_it->second.erase(id);
  if (key_it->second.empty()) by_key_.erase(key_it);
  return waiter;
}

bool LoginWaitList::Cancel(uint64_t id) {
  std::optional<Waiter> waiter;
  {
    absl::MutexLock lock(&mu_);
    waiter = TakeLocked(id);
  }
  return waiter.has_value();  // Its timer is cancelled outside the lock.
}

void LoginWaitList::Notify(absl::string_view key) {
  std::vector<Waiter> woken;
  {
    absl::MutexLock lock(&mu_);
    std::vector<uint64_t> ids;
    if (key.empty()) {
      for (const auto& [id, waiter] : waiters_) ids.push_back(id);
    } else if (auto it = by_key_.find(key); it != by_key_.end()) {
      for (const auto& [id, unused] : it->second) ids.push_back(id);
    }
    for (uint64_t id : ids) woken.push_back(*TakeLocked(id));
  }
  // Outside the lock: a waker may park again, and a deadline's timer may be
  // running Expire, which takes the lock.
  for (Waiter& waiter : woken) {
    waiter.deadline.Cancel();
    waiter.waker(Wake::kChanged);
  }
}

void LoginWaitList::Drain() {
  std::vector<Waiter> woken;
  {
    absl::MutexLock lock(&mu_);
    draining_ = true;
    std::vector<uint64_t> ids;
    for (const auto& [id, waiter] : waiters_) ids.push_back(id);
    for (uint64_t id : ids) woken.push_back(*TakeLocked(id));
  }
  for (Waiter& waiter : woken) {  // Outside the lock, as in Notify.
    waiter.deadline.Cancel();
    waiter.waker(Wake::kDeadline);
  }
}

size_t LoginWaitList::size() const {
  absl::MutexLock lock(&mu_);
  return waiters_.size();
}

bool LoginWaitList::Enter(absl::string_view key) {
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = polls_.try_emplace(key, 0);
  if (it->second >= max_polls_per_login_) return false;
  ++it->second;
  return true;
}

void LoginWaitList::Leave(absl::string_view key) {
  absl::MutexLock lock(&mu_);
  auto it = polls_.find(key);
  if (it == polls_.end()) return;
  if (--it->second <= 0) polls_.erase(it);
}

void LoginWaitList::Expire(uint64_t id) {
  std::optional<Waiter> waiter;
  {
    absl::MutexLock lock(&mu_);
    waiter = TakeLocked(id);
  }
  // Runs on the timer's own callback: dropping its Timer here does not wait.
  if (waiter.has_value()) waiter->waker(Wake::kDeadline);
}

}  // namespace tgauth
