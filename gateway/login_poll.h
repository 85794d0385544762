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
//
// A check the server could not answer (UNAVAILABLE: the replica it went to
// was killed before the channel noticed, or its store is down) is asked
// again, on whichever replica the channel picks next, rather than failing
// the browser's poll: AwaitLogin may be repeated, since a confirmed login's
// redemption is idempotent on the poll token
// (server/session/session_issuer.h, IssueOnce). The re-ask is the poll's
// usual check: it parks with wait 0 if changes are heard again, and
// otherwise waits in the server for the rest of the wait.
#ifndef TGAUTH_GATEWAY_LOGIN_POLL_H_
#define TGAUTH_GATEWAY_LOGIN_POLL_H_

#include <functional>

#include "absl/time/time.h"
#include "common/login_wait_list.h"
#include "common/retry_backoff.h"
#include "gateway/http_message.h"
#include "gateway/login_change_watch.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

// Longest AwaitLogin wait a client may ask for, seconds (auth.proto).
inline constexpr int kMaxWaitSeconds = 30;
// An AwaitLogin call's deadline is its wait plus this slack.
inline constexpr absl::Duration kAwaitSlack = absl::Seconds(5);
// How many times one poll asks again after an UNAVAILABLE check, each after
// kAwaitRetryBackoff (parked, holding no thread) and only if that is
// still before the poll's deadline; a check at the deadline is answered as
// it ends. Few and quick: a killed replica's calls fail at once, and past
// them the browser retries a 503 itself, a second later
// (web/sdk/tgauth.js).
inline constexpr int kAwaitRetries = 2;
inline constexpr RetryBackoff kAwaitRetryBackoff{.initial = absl::Milliseconds(50),
                                                 .max = absl::Milliseconds(200)};

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
// outcome (UNAVAILABLE only once the re-asks above are spent, or when the
// deadline leaves no time for one). `deps` must outlive the poll.
void StartLoginPoll(const HttpRequest& http, tgauth::v1::AwaitLoginRequest request,
                    const LoginPollDeps& deps, LoginPollDone done);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_LOGIN_POLL_H_
