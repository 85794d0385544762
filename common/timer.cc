#include "common/timer.h"

#include <utility>

namespace tgauth {

Timer::Timer(Timer&& other) noexcept
    : queue_(std::exchange(other.queue_, nullptr)), id_(std::exchange(other.id_, 0)) {}

Timer& Timer::operator=(Timer&& other) noexcept {
  if (this != &other) {
    Cancel();
    queue_ = std::exchange(other.queue_, nullptr);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void Timer::Cancel() {
  if (queue_ == nullptr) return;
  std::exchange(queue_, nullptr)->Cancel(id_);
  id_ = 0;
}

}  // namespace tgauth
