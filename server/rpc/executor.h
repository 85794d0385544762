// A fixed pool of threads for blocking work (PostgreSQL, Redis), so gRPC's
// callback threads never block: a blocked callback thread stalls every call
// it would serve. Size it to the database connection pool: a task then never
// waits for a connection.
#ifndef TGAUTH_SERVER_RPC_EXECUTOR_H_
#define TGAUTH_SERVER_RPC_EXECUTOR_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace tgauth {

class Executor {
 public:
  explicit Executor(int threads);
  // Runs the tasks already queued, then joins the threads.
  ~Executor();

  // Queues `task` to run on one of the pool's threads, in FIFO order.
  void Post(absl::AnyInvocable<void()> task);

  // Queues `task` ahead of every task posted with Post(): for work someone
  // is already waiting on, such as a woken long poll.
  void PostUrgent(absl::AnyInvocable<void()> task);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void()>> urgent_ ABSL_GUARDED_BY(mu_);
  std::deque<absl::AnyInvocable<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_EXECUTOR_H_
