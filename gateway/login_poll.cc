#include "gateway/login_poll.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/secure_token.h"
#include "gateway/rpc_call.h"

namespace tgauth::gateway {
namespace {

using google::protobuf::util::TimeUtil;
using tgauth::v1::LoginState;

// How long after a login's expiry its parked poll asks the server.
constexpr absl::Duration kExpiryMargin = absl::Milliseconds(250);

// Whether an answer with `state` ends a poll from a client that saw
// `known` (UNSPECIFIED: PENDING): a final state, or one it has not seen.
// The server's own long poll answers on the same rule.
bool Answers(LoginState known, LoginState state) {
  if (known == tgauth::v1::LOGIN_STATE_UNSPECIFIED) known = tgauth::v1::LOGIN_STATE_PENDING;
  const bool waiting =
      state == tgauth::v1::LOGIN_STATE_PENDING || state == tgauth::v1::LOGIN_STATE_SCANNED;
  return !waiting || state != known;
}

// Jitter for kAwaitRetryBackoff, so the polls that failed together with one
// replica do not re-ask together; per thread, not per poll, since a parked
// poll's every byte counts (login_change_watch.h).
absl::BitGen& RetryRandom() {
  thread_local absl::BitGen random;
  return random;
}

class LoginPoll : public std::enable_shared_from_this<LoginPoll> {
 public:
  LoginPoll(const HttpRequest& http, tgauth::v1::AwaitLoginRequest request,
            const LoginPollDeps& deps, LoginPollDone done)
      : request_id_(http.request_id),
        rpc_calls_(http.rpc_calls),
        // The server names changed logins this way (auth.proto, LoginChanges).
        key_(Sha256Hex(request.login_token())),
        deadline_(deps.waiters.clock().Now() + absl::Seconds(request.wait_seconds())),
        request_(std::move(request)),
        deps_(deps),
        done_(std::move(done)),
        wake_at_(deadline_) {}

  void Start() {
    if (!deps_.waiters.Enter(key_)) {
      return done_(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                absl::StrCat("too many long polls are waiting on this login (at most ",
                                             deps_.waiters.max_polls_per_login(),
                                             "); poll again later")),
                   tgauth::v1::AwaitLoginResponse());
    }
    Check();
  }

 private:
  // Asks the server where the login stands. When changes are heard, it
  // asks with wait 0 and parks here first, so a change between the
  // server's answer and the park still wakes it; otherwise the server
  // waits out the rest of the wait. A last check never waits.
  void Check() {
    const absl::Duration left = deadline_ - deps_.waiters.clock().Now();
    bool park = false;
    bool last = false;
    absl::Time wake_at;
    {
      absl::MutexLock lock(&mu_);
      checking_ = true;
      woken_.reset();
      last = last_;
      park = !last && deps_.watch.connected() && left > absl::ZeroDuration();
      wake_at = parked_until_ = wake_at_;
    }
    int wait_seconds = 0;
    if (park) {
      const uint64_t id =
          deps_.waiters.Park(key_, wake_at, [self = shared_from_this()](LoginWaitList::Wake wake) {
            self->Woken(wake);
          });
      absl::MutexLock lock(&mu_);
      parked_ = id;
    } else if (!last) {
      wait_seconds = static_cast<int>(std::clamp<int64_t>(
          absl::ToInt64Seconds(absl::Ceil(left, absl::Seconds(1))), 0, kMaxWaitSeconds));
    }
    tgauth::v1::AwaitLoginRequest ask = request_;
    ask.set_wait_seconds(wait_seconds);
    HttpRequest http;
    http.request_id = request_id_;
    http.rpc_calls = rpc_calls_;
    StartRpc<tgauth::v1::AwaitLoginResponse>(
        http, std::move(ask), absl::Seconds(wait_seconds) + kAwaitSlack,
        [this](auto&&... args) {
          deps_.stub.async()->AwaitLogin(std::forward<decltype(args)>(args)...);
        },
        [self = shared_from_this(), waited = wait_seconds > 0](
            const grpc::Status& status, const tgauth::v1::AwaitLoginResponse& response) {
          self->Checked(status, response, waited);
        });
  }

  // The server answered a check (after waiting, if `waited`).
  void Checked(const grpc::Status& status, const tgauth::v1::AwaitLoginResponse& response,
               bool waited) {
    const absl::Time now = deps_.waiters.clock().Now();
    bool answer = !status.ok() || Answers(request_.known_state(), response.state()) || waited ||
                  now >= deadline_;
    // Nobody announces an expiry: a login that expires within the wait
    // wakes its poll then (plus a margin for the clocks' skew).
    const absl::Time expiry_wake =
        response.has_expires_at()
            ? absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(response.expires_at())) +
                  kExpiryMargin
            : absl::InfiniteFuture();
    uint64_t parked = 0;
    bool again = false;
    std::optional<absl::Time> retry_at;
    {
      absl::MutexLock lock(&mu_);
      retry_at = RetryAtLocked(status, now);
      answer = !retry_at && (answer || last_ || woken_ == LoginWaitList::Wake::kDeadline);
      if (answer) {
        finished_ = true;
        parked = std::exchange(parked_, 0);
      } else if (retry_at) {
        parked = std::exchange(parked_, 0);  // The re-ask parks anew.
      } else {
        wake_at_ = std::min(deadline_, expiry_wake);
        if (woken_ == LoginWaitList::Wake::kChanged) {
          again = true;  // It changed again while the server answered.
        } else if (parked_ != 0 && wake_at_ < parked_until_) {
          again = true;  // Park again, to wake at the expiry.
          parked = std::exchange(parked_, 0);
        } else {
          checking_ = false;  // Parked: Woken goes on.
          return;
        }
      }
    }
    // Still `checking_`: a waker running despite the cancel only notes its wake.
    if (parked != 0) deps_.waiters.Cancel(parked);
    if (retry_at) return AwaitRetry(*retry_at);
    if (again) return Check();
    deps_.waiters.Leave(key_);
    done_(status, response);
  }

  // When to ask again after a check that ended with `status` at `now`;
  // nullopt when the poll answers with it. Only UNAVAILABLE is asked again
  // (any other error is the server's answer, and DEADLINE_EXCEEDED may
  // mean a frozen server), at most kAwaitRetries times, and only while the
  // re-ask comes before the poll's deadline: a last check answers.
  std::optional<absl::Time> RetryAtLocked(const grpc::Status& status, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE || retries_ >= kAwaitRetries ||
        last_ || woken_ == LoginWaitList::Wake::kDeadline) {
      return std::nullopt;
    }
    const absl::Time at = now + kAwaitRetryBackoff.After(retries_ + 1, RetryRandom());
    if (at >= deadline_) return std::nullopt;
    ++retries_;
    return at;
  }

  // Asks again at `at` (RetryDue, then Check). Meanwhile the poll waits
  // parked in `waiters` like any other, holding no thread, so a change of
  // its login ends the wait early, and the wait list's Drain (the gateway
  // going away) ends it too, as it does every parked poll's.
  void AwaitRetry(absl::Time at) {
    absl::MutexLock lock(&mu_);
    retry_at_ = at;
    // Under mu_, which the waker takes first, so it finds parked_ set (Park
    // never runs a waker itself, and runs none under the list's lock).
    parked_ = deps_.waiters.Park(key_, at, [self = shared_from_this()](LoginWaitList::Wake wake) {
      self->RetryDue(wake);
    });
    checking_ = false;
  }

  // A re-ask's wait ended: at its time, or early because the login changed
  // (ask now) or the wait list is draining (ask a last time).
  void RetryDue(LoginWaitList::Wake wake) {
    {
      absl::MutexLock lock(&mu_);
      parked_ = 0;
      last_ = wake == LoginWaitList::Wake::kDeadline &&
              deps_.waiters.clock().Now() < *retry_at_;
      retry_at_.reset();
    }
    Check();
  }

  // The parked poll's login changed, or its deadline came.
  void Woken(LoginWaitList::Wake wake) {
    {
      absl::MutexLock lock(&mu_);
      // The waker of a park given up for a re-ask, come too late to be
      // cancelled: the re-ask checks anyway.
      if (retry_at_) return;
      parked_ = 0;
      if (finished_) return;  // Answered while this waker was starting.
      if (checking_) {
        woken_ = wake;  // Checked decides once the server has answered.
        return;
      }
      last_ = wake == LoginWaitList::Wake::kDeadline;
    }
    Check();
  }

  const std::string request_id_;
  RpcCallsInFlight* const rpc_calls_;
  const std::string key_;
  const absl::Time deadline_;
  const tgauth::v1::AwaitLoginRequest request_;
  const LoginPollDeps& deps_;
  const LoginPollDone done_;

  absl::Mutex mu_;
  bool checking_ ABSL_GUARDED_BY(mu_) = false;  // A check's RPC is in flight.
  bool last_ ABSL_GUARDED_BY(mu_) = false;      // The deadline came: answer the next check.
  bool finished_ ABSL_GUARDED_BY(mu_) = false;  // `done_` has run (or is running).
  std::optional<LoginWaitList::Wake> woken_ ABSL_GUARDED_BY(mu_);  // During a check.
  int retries_ ABSL_GUARDED_BY(mu_) = 0;  // Re-asks after UNAVAILABLE so far.
  std::optional<absl::Time> retry_at_ ABSL_GUARDED_BY(mu_);  // While waiting to re-ask.
  uint64_t parked_ ABSL_GUARDED_BY(mu_) = 0;   // Its id in `waiters`, 0 when not parked.
  absl::Time wake_at_ ABSL_GUARDED_BY(mu_);       // The next park's deadline.
  absl::Time parked_until_ ABSL_GUARDED_BY(mu_);  // The last park's deadline.
};

}  // namespace

void StartLoginPoll(const HttpRequest& http, tgauth::v1::AwaitLoginRequest request,
                    const LoginPollDeps& deps, LoginPollDone done) {
  std::make_shared<LoginPoll>(http, std::move(request), deps, std::move(done))->Start();
}

}  // namespace tgauth::gateway
