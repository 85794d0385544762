#include "server/qr_login/login_wait_list.h"

#include <vector>

#include "absl/time/clock.h"

namespace tgauth {

LoginWaitList::LoginWaitList() : timer_([this] { RunTimer(); }) {}

LoginWaitList::~LoginWaitList() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  timer_.join();
}

uint64_t LoginWaitList::Park(std::string key, absl::Time deadline, Waker waker) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = next_id_++;
  by_key_[key][id] = true;
  by_deadline_.emplace(deadline, id);
  waiters_.emplace(id, Waiter{std::move(key), deadline, std::move(waker)});
  return id;
}

LoginWaitList::Waker LoginWaitList::TakeLocked(uint64_t id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return nullptr;
  Waiter waiter = std::move(it->second);
  waiters_.erase(it);
  auto key_it = by_key_.find(waiter.key);
  key_it->second.erase(id);
  if (key_it->second.empty()) by_key_.erase(key_it);
  for (auto [d, end] = by_deadline_.equal_range(waiter.deadline); d != end; ++d) {
    if (d->second == id) {
      by_deadline_.erase(d);
      break;
    }
  }
  return std::move(waiter.waker);
}

bool LoginWaitList::Cancel(uint64_t id) {
  absl::MutexLock lock(&mu_);
  return TakeLocked(id) != nullptr;
}

void LoginWaitList::Notify(absl::string_view key) {
  std::vector<Waker> woken;
  {
    absl::MutexLock lock(&mu_);
    std::vector<uint64_t> ids;
    if (key.empty()) {
      for (const auto& [id, waiter] : waiters_) ids.push_back(id);
    } else if (auto it = by_key_.find(key); it != by_key_.end()) {
      for (const auto& [id, unused] : it->second) ids.push_back(id);
    }
    for (uint64_t id : ids) woken.push_back(TakeLocked(id));
  }
  // Outside the lock: a waker may park again.
  for (Waker& waker : woken) waker(Wake::kChanged);
}

size_t LoginWaitList::size() const {
  absl::MutexLock lock(&mu_);
  return waiters_.size();
}

void LoginWaitList::RunTimer() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    const absl::Time next =
        by_deadline_.empty() ? absl::InfiniteFuture() : by_deadline_.begin()->first;
    if (absl::Now() < next) {
      // Wakes early when a nearer deadline is parked or we are stopping.
      auto changed = [this, next]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || (!by_deadline_.empty() && by_deadline_.begin()->first < next);
      };
      mu_.AwaitWithDeadline(absl::Condition(&changed), next);
      continue;
    }
    Waker waker = TakeLocked(by_deadline_.begin()->second);
    mu_.Unlock();
    waker(Wake::kDeadline);
    mu_.Lock();
  }
}

}  // namespace tgauth
