#include "server/rpc/executor.h"

namespace tgauth {

Executor::Executor(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

Executor::~Executor() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) t.join();
}

void Executor::Post(absl::AnyInvocable<void()> task) {
  absl::MutexLock lock(&mu_);
  tasks_.push_back(std::move(task));
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
