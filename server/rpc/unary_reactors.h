// The two ways a unary callback RPC of tgauth's services ends: at once on
// the reactor thread (in-memory answers, refused requests), or after work
// on the Executor (anything touching PostgreSQL or Redis, STYLE.md 6). The
// status is mapped to gRPC in status_util, the one place that does.
#ifndef TGAUTH_SERVER_RPC_UNARY_REACTORS_H_
#define TGAUTH_SERVER_RPC_UNARY_REACTORS_H_

#include <grpcpp/support/server_callback.h>

#include <utility>

#include "absl/status/status.h"
#include "server/rpc/executor.h"
#include "server/rpc/status_util.h"

namespace tgauth {

// Finishes the call now with `status`.
inline grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* context,
                                           const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Runs `work` (returning absl::Status; it fills the response) on `executor`,
// then finishes the call with its status.
template <typename Work>
grpc::ServerUnaryReactor* OnExecutor(grpc::CallbackServerContext* context, Executor& executor,
                                     Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  executor.Post(
      [reactor, work = std::move(work)]() mutable { reactor->Finish(ToGrpcStatus(work())); });
  return reactor;
}

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_UNARY_REACTORS_H_
