// A fixed pool of threads for blocking work (PostgreSQL, Redis), so gRPC's
// callback threads never block: a blocked callback thread stalls every call
// it would serve. Size it to the database connection pool: a task then never
// waits for a connection. The queue is bounded: under a flood, a call is
// refused at once rather than waiting behind work its client gave up on.
#ifndef TGAUTH_SERVER_RPC_EXECUTOR_H_
#define TGAUTH_SERVER_RPC_EXECUTOR_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace tgauth {

// Tasks Post() lets wait by default; at ~1-5 ms of database work each and
// 16 threads, the last waits well under a second.
inline constexpr int kDefaultMaxQueuedTasks = 1000;

class Executor {
 public:
  // `threads` run the tasks; at most `max_queued` of Post()'s tasks wait.
  explicit Executor(int threads, int max_queued = kDefaultMaxQueuedTasks);
  // Runs the tasks already queued, then joins the threads.
  ~Executor();

  // Queues `task` to run on one of the pool's threads, in FIFO order.
  // RESOURCE_EXHAUSTED ("server busy: <max_queued> calls are waiting for a
  // worker thread; retry later"), dropping `task`, when the queue is full.
  absl::Status Post(absl::AnyInvocable<void()> task);

  // Queues `task` ahead of every task posted with Post(), whatever the
  // bound: for work someone is already waiting on, such as a woken long poll
  // (admitted once, when its call started).
  void PostUrgent(absl::AnyInvocable<void()> task);

  // Tasks waiting for a thread now (both queues).
  size_t queued() const;

 private:
  void Work();

  mutable absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void()>> urgent_ ABSL_GUARDED_BY(mu_);
  std::deque<absl::AnyInvocable<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  const size_t max_queued_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_EXECUTOR_H_
