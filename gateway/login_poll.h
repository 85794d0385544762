// A browser's long poll for a login (GET /v1/logins/{token}?wait=N, see
// login_routes.h) parked in the gateway rather than in the server: the
// gateway asks AwaitLogin with wait_seconds 0, and while the login stays as
// the browser last saw it, the poll waits in `waiters` (no RPC, no thread)
// until the server's WatchLoginChanges stream names its login
// (login_change_watch.h), when it asks again, or until its deadline, when
// it asks a last time and answers. While that stream is down, the poll
// waits in the server instead (AwaitLogin with the rest of its wait).
// Either way the browser sees the same answers as from the server's own
// long poll.
#ifndef TGAUTH_GATEWAY_LOGIN_POLL_H_
#define TGAUTH_GATEWAY_LOGIN_POLL_H_

#include <functional>

#include "absl/time/time.h"
#include "common/login_wait_list.h"
#include "gateway/http_message.h"
#include "gateway/login_change_watch.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

// Longest AwaitLogin wait a client may ask for, seconds (auth.proto).
inline constexpr int kMaxWaitSeconds = 30;
// An AwaitLogin call's deadline is its wait plus this slack.
inline constexpr absl::Duration kAwaitSlack = absl::Seconds(5);

// Called once with the poll's outcome, on any thread; must not block.
using LoginPollDone =
    std::function<void(const grpc::Status&, const tgauth::v1::AwaitLoginResponse&)>;

struct LoginPollDeps {
  tgauth::v1::AuthService::StubInterface& stub;  // Where AwaitLogin goes.
  LoginWaitList& waiters;         // Where the poll parks; its clock sets deadlines.
  const LoginChangeWatch& watch;  // Whether changes are heard.
};

// Serves `request` (wait_seconds > 0, already validated) for `http` (its
// request id and RPC registry are used; it need not outlive the call).
// RESOURCE_EXHAUSTED when the login already has
// waiters.max_polls_per_login() polls waiting; otherwise AwaitLogin's
// outcome. `deps` must outlive the poll.
void StartLoginPoll(const HttpRequest& http, tgauth::v1::AwaitLoginRequest request,
                    const LoginPollDeps& deps, LoginPollDone done);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_LOGIN_POLL_H_
