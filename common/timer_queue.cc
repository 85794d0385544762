#include "common/timer_queue.h"

#include <algorithm>

namespace tgauth {

uint64_t TimerQueue::Add(absl::Time due, absl::Duration period, Callback callback) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = next_id_++;
  entries_.emplace(id, Entry{due, std::max(period, absl::ZeroDuration()), std::move(callback)});
  order_.emplace(due, id);
  return id;
}

void TimerQueue::Cancel(uint64_t id) {
  Callback dropped;  // Destroyed outside the lock: it may own anything.
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(id);
    if (it != entries_.end()) {
      order_.erase({it->second.due, id});
      dropped = std::move(it->second.callback);
      entries_.erase(it);
    }
    if (running_ == id && running_on_ != std::this_thread::get_id()) {
      auto done = [this, id]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return running_ != id; };
      mu_.Await(absl::Condition(&done));
    }
  }
}

bool TimerQueue::Scheduled(uint64_t id) const {
  absl::MutexLock lock(&mu_);
  return entries_.contains(id);
}

bool TimerQueue::RunOneDue(absl::Time now) {
  Callback callback;
  uint64_t id = 0;
  absl::Time due;
  {
    absl::MutexLock lock(&mu_);
    if (order_.empty() || order_.begin()->first > now) return false;
    id = order_.begin()->second;
    order_.erase(order_.begin());
    Entry& entry = entries_.at(id);
    due = entry.due;
    callback = std::move(entry.callback);
    running_ = id;
    running_on_ = std::this_thread::get_id();
  }
  callback();
  absl::MutexLock lock(&mu_);
  running_ = 0;
  auto it = entries_.find(id);
  if (it == entries_.end()) return true;  // Cancelled while it ran.
  if (it->second.period <= absl::ZeroDuration()) {
    entries_.erase(it);
    return true;
  }
  it->second.due = std::max(due + it->second.period, now);
  it->second.callback = std::move(callback);
  order_.emplace(it->second.due, id);
  return true;
}

absl::Time TimerQueue::NextDueLocked() const {
  return order_.empty() ? absl::InfiniteFuture() : order_.begin()->first;
}

absl::Time TimerQueue::NextDue() const {
  absl::MutexLock lock(&mu_);
  return NextDueLocked();
}

size_t TimerQueue::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

void TimerQueue::WaitUntil(absl::Time next) {
  absl::MutexLock lock(&mu_);
  auto changed = [this, next]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return woken_ || NextDueLocked() < next;
  };
  mu_.AwaitWithDeadline(absl::Condition(&changed), next);
  woken_ = false;
}

void TimerQueue::Wake() {
  absl::MutexLock lock(&mu_);
  woken_ = true;
}

bool TimerQueue::AwaitSize(size_t count, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto enough = [this, count]()
                    ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return entries_.size() >= count; };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

}  // namespace tgauth
