#include "server/rpc/await_login_call.h"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/rpc/call_log_scope.h"
#include "server/rpc/proto_convert.h"
#include "server/rpc/status_util.h"

namespace tgauth {
namespace {

// Whether the poll answers now: on an error, a final state, or a state the
// client has not seen yet (so it sees SCANNED as it happens).
bool ShouldAnswer(const absl::StatusOr<PollOutcome>& outcome, PollState known) {
  if (!outcome.ok()) return true;
  const bool is_final =
      outcome->state != PollState::kPending && outcome->state != PollState::kScanned;
  return is_final || outcome->state != known;
}

// The state a client says it saw; UNSPECIFIED means it saw none (PENDING).
std::optional<PollState> KnownState(v1::LoginState state) {
  switch (state) {
    case v1::LOGIN_STATE_UNSPECIFIED:
    case v1::LOGIN_STATE_PENDING:
      return PollState::kPending;
    case v1::LOGIN_STATE_SCANNED:
      return PollState::kScanned;
    case v1::LOGIN_STATE_CONFIRMED:
      return PollState::kConfirmed;
    case v1::LOGIN_STATE_DENIED:
      return PollState::kDenied;
    case v1::LOGIN_STATE_EXPIRED:
      return PollState::kExpired;
    default:
      return std::nullopt;
  }
}

// State shared by the reactor, the executor tasks and the parked waker; it
// outlives the reactor, which it stops touching once it has finished it.
class AwaitLoginCall : public std::enable_shared_from_this<AwaitLoginCall> {
 public:
  AwaitLoginCall(const v1::AwaitLoginRequest& request, PollState known,
                 v1::AwaitLoginResponse* response, grpc::ServerUnaryReactor* reactor,
                 LoginBroker& broker, LoginWaitList& waiters, Executor& executor, bool holds_place,
                 std::string request_id)
      : login_token_(request.login_token()),
        poll_token_(request.poll_token()),
        known_(known),
        key_(LoginBroker::LoginKey(request.login_token())),
        deadline_(waiters.clock().Now() + absl::Seconds(request.wait_seconds())),
        response_(response),
        reactor_(reactor),
        broker_(broker),
        waiters_(waiters),
        executor_(executor),
        holds_place_(holds_place),
        last_poll_(request.wait_seconds() == 0),
        request_id_(std::move(request_id)) {}

  // Queues the first poll behind other new calls, so a flood of polls meets
  // the executor's bound like any call: RESOURCE_EXHAUSTED when it is full.
  void Start() {
    {
      absl::MutexLock lock(&mu_);
      polling_ = true;
    }
    absl::Status queued = executor_.Post([self = shared_from_this()] { self->PollUntilParked(); });
    if (queued.ok()) return;
    {
      absl::MutexLock lock(&mu_);
      if (finished_) return;  // Cancelled meanwhile.
      finished_ = true;
    }
    LeavePlace();
    reactor_->Finish(ToGrpcStatus(queued));
  }

  // Schedules a poll after a parked waiter woke (`waiter` is its id); while
  // one runs, asks it to poll again instead.
  void Wake(LoginWaitList::Wake why, uint64_t waiter) {
    {
      absl::MutexLock lock(&mu_);
      if (finished_) return;
      if (why == LoginWaitList::Wake::kDeadline) last_poll_ = true;
      if (waiter == parked_id_) parked_id_ = 0;  // That waiter is gone now.
      if (polling_) {
        poll_again_ = true;
        return;
      }
      polling_ = true;
    }
    // A woken poll was admitted by Start and has a browser waiting on it:
    // ahead of new work.
    executor_.PostUrgent([self = shared_from_this()] { self->PollUntilParked(); });
  }

  // The client went away or its deadline passed.
  void Cancel() {
    uint64_t parked;
    {
      absl::MutexLock lock(&mu_);
      if (finished_) return;
      finished_ = true;
      parked = parked_id_;
    }
    if (parked != 0) waiters_.Cancel(parked);
    LeavePlace();
    reactor_->Finish(grpc::Status::CANCELLED);
  }

 private:
  // Runs on the executor. Parks before polling, so a change that lands
  // between the poll and the park still wakes us.
  void PollUntilParked() {
    const CallLogScope request_id_field(request_id_);
    while (true) {
      bool last;
      {
        absl::MutexLock lock(&mu_);
        if (finished_) return;
        poll_again_ = false;
        last = last_poll_;
      }
      const uint64_t parked = last ? 0 : Park();
      absl::StatusOr<PollOutcome> outcome = broker_.Poll(login_token_, poll_token_);
      enum { kStayParked, kPollAgain, kFinish, kAbandon } next;
      {
        absl::MutexLock lock(&mu_);
        if (finished_) {
          next = kAbandon;  // Cancelled during the poll.
        } else if (ShouldAnswer(outcome, known_) || last) {
          finished_ = true;
          next = kFinish;
        } else {
          if (outcome->expires_at < deadline_) {
            // Wait no longer than the login lives: the browser then learns
            // at once that it expired.
            deadline_ = outcome->expires_at;
            poll_again_ = true;
          }
          next = poll_again_ ? kPollAgain : kStayParked;
          if (next == kStayParked) {
            parked_id_ = parked;
            polling_ = false;
          }
        }
      }
      if (next == kStayParked) return;
      // This waiter is not wanted any more (a no-op if its waker already ran).
      if (parked != 0) waiters_.Cancel(parked);
      if (next == kPollAgain) continue;
      if (next == kAbandon) return;
      if (outcome.ok()) ToProto(*outcome, response_);
      LeavePlace();
      reactor_->Finish(ToGrpcStatus(outcome.status()));
      return;
    }
  }

  // Gives back the call's place among the login's long polls (Enter); once,
  // by whoever set finished_.
  void LeavePlace() {
    if (holds_place_) waiters_.Leave(key_);
  }

  // Parks a waiter until a change or deadline_. Its waker must know its own
  // id, which Park only returns afterwards: it reads it from a shared slot.
  uint64_t Park() {
    auto id = std::make_shared<std::atomic<uint64_t>>(0);
    const uint64_t parked = waiters_.Park(
        key_, deadline_,
        [self = shared_from_this(), id](LoginWaitList::Wake why) { self->Wake(why, id->load()); });
    id->store(parked);
    return parked;
  }

  const std::string login_token_;
  const std::string poll_token_;
  const PollState known_;
  const std::string key_;
  absl::Time deadline_;  // Only the running poll reads or moves it.
  v1::AwaitLoginResponse* const response_;
  grpc::ServerUnaryReactor* const reactor_;
  LoginBroker& broker_;
  LoginWaitList& waiters_;
  Executor& executor_;
  const bool holds_place_;

  absl::Mutex mu_;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool polling_ ABSL_GUARDED_BY(mu_) = false;
  bool poll_again_ ABSL_GUARDED_BY(mu_) = false;
  bool last_poll_ ABSL_GUARDED_BY(mu_);
  const std::string request_id_;  // For the polls' log lines; "" for none.
  uint64_t parked_id_ ABSL_GUARDED_BY(mu_) = 0;
};

class AwaitLoginReactor final : public grpc::ServerUnaryReactor {
 public:
  void Begin(std::shared_ptr<AwaitLoginCall> call) {
    call_ = std::move(call);
    call_->Start();
  }
  void OnCancel() override {
    if (call_ != nullptr) call_->Cancel();
  }
  void OnDone() override { delete this; }

 private:
  std::shared_ptr<AwaitLoginCall> call_;
};

}  // namespace

grpc::ServerUnaryReactor* StartAwaitLogin(const v1::AwaitLoginRequest& request,
                                          v1::AwaitLoginResponse* response, LoginBroker& broker,
                                          LoginWaitList& waiters, Executor& executor,
                                          std::string request_id) {
  auto* reactor = new AwaitLoginReactor();
  if (request.wait_seconds() < 0 || request.wait_seconds() > kMaxAwaitSeconds) {
    reactor->Finish(ToGrpcStatus(
        absl::InvalidArgumentError(absl::StrCat("wait_seconds must be 0..", kMaxAwaitSeconds))));
    return reactor;
  }
  const std::optional<PollState> known = KnownState(request.known_state());
  if (!known.has_value()) {
    reactor->Finish(ToGrpcStatus(absl::InvalidArgumentError("known_state is not a LoginState")));
    return reactor;
  }
  // Only polls that wait park; each holds one of the login's places.
  const bool long_poll = request.wait_seconds() > 0;
  if (long_poll && !waiters.Enter(LoginBroker::LoginKey(request.login_token()))) {
    reactor->Finish(ToGrpcStatus(absl::ResourceExhaustedError(
        absl::StrCat("too many long polls are waiting on this login (at most ",
                     waiters.max_polls_per_login(), "); poll again later"))));
    return reactor;
  }
  reactor->Begin(std::make_shared<AwaitLoginCall>(request, *known, response, reactor, broker,
                                                  waiters, executor, long_poll,
                                                  std::move(request_id)));
  return reactor;
}

}  // namespace tgauth
