#include "server/rpc/executor.h"

#include "absl/strings/str_cat.h"

namespace tgauth {

Executor::Executor(int threads, int max_queued) : max_queued_(max_queued) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

Executor::~Executor() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) t.join();
}

absl::Status Executor::Post(absl::AnyInvocable<void()> task) {
  absl::MutexLock lock(&mu_);
  if (tasks_.size() >= max_queued_) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "server busy: ", max_queued_, " calls are waiting for a worker thread; retry later"));
  }
  tasks_.push_back(std::move(task));
  return absl::OkStatus();
}

size_t Executor::queued() const {
  absl::MutexLock lock(&mu_);
  return tasks_.size() + urgent_.size();
}

void Executor::PostUrgent(absl::AnyInvocable<void()> task) {
  absl::MutexLock lock(&mu_);
  urgent_.push_back(std::move(task));
}

void Executor::Work() {
  while (true) {
    absl::AnyInvocable<void()> task;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !urgent_.empty() || !tasks_.empty();
      };
      mu_.Await(absl::Condition(&ready));
      std::deque<absl::AnyInvocable<void()>>& queue = urgent_.empty() ? tasks_ : urgent_;
      if (queue.empty()) return;  // Stopping and drained.
      task = std::move(queue.front());
      queue.pop_front();
    }
    task();
  }
}

}  // namespace tgauth
