// The handle of a callback scheduled with Clock::RunAfter or RunEvery. It
// owns the schedule: destroying or cancelling the handle unschedules it.
#ifndef TGAUTH_COMMON_TIMER_H_
#define TGAUTH_COMMON_TIMER_H_

#include <cstdint>

#include "common/timer_queue.h"

namespace tgauth {

class Timer {
 public:
  Timer() = default;  // Schedules nothing.
  // Made by a Clock; `queue` (the clock's) must outlive the handle.
  Timer(TimerQueue& queue, uint64_t id) : queue_(&queue), id_(id) {}
  Timer(Timer&& other) noexcept;
  Timer& operator=(Timer&& other) noexcept;
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer() { Cancel(); }  // Cancel().

  // Unschedules the callback. When it returns, the callback is not running
  // (unless Cancel is called from the callback itself) and will not run
  // again. Waits for a run in progress on another thread, so the caller must
  // not hold a lock that the callback takes. Idempotent.
  void Cancel();

  // True while the callback may still run: not cancelled, and for RunAfter
  // not yet run.
  bool active() const { return queue_ != nullptr && queue_->Scheduled(id_); }

 private:
  TimerQueue* queue_ = nullptr;
  uint64_t id_ = 0;
};

}  // namespace tgauth

#endif  // TGAUTH_COMMON_TIMER_H_
