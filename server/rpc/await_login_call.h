// One AwaitLogin long poll (the polling of RFC 8628 section 3.4, held open):
// answers at once when the login is final or its state differs from the
// request's known_state, otherwise parks in the LoginWaitList, holding no
// thread, until a wake-up, its wait's end, or the client's cancellation.
// Polls of one call never overlap, so a redemption is never raced by its own
// call.
#ifndef TGAUTH_SERVER_RPC_AWAIT_LOGIN_CALL_H_
#define TGAUTH_SERVER_RPC_AWAIT_LOGIN_CALL_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "common/login_wait_list.h"
#include "server/qr_login/login_broker.h"
#include "server/rpc/executor.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

// The longest wait a poll may ask for, in seconds.
inline constexpr int kMaxAwaitSeconds = 30;

// Serves `request` and returns the reactor gRPC drives; the reactor deletes
// itself when the RPC is done. INVALID_ARGUMENT if wait_seconds is outside
// 0..kMaxAwaitSeconds or known_state is no LoginState; otherwise the
// statuses of LoginBroker::Poll; RESOURCE_EXHAUSTED, at once, for a poll
// that would wait (wait_seconds > 0) while the login already holds
// LoginWaitList::max_polls_per_login() of them. The polls' log lines carry
// `request_id` (call_log_scope.h; "" for none).
grpc::ServerUnaryReactor* StartAwaitLogin(const v1::AwaitLoginRequest& request,
                                          v1::AwaitLoginResponse* response, LoginBroker& broker,
                                          LoginWaitList& waiters, Executor& executor,
                                          std::string request_id);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_AWAIT_LOGIN_CALL_H_
