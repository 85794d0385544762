// The one way tgauth's services serve a unary RPC: the service method hands
// the request to a handler method,
//
//   absl::Status Handler::Method(const Request&, Response*);
//
// which calls the domain and converts protos; the helper finishes the
// reactor with the handler's status, mapped by ToGrpcStatus (status_util.h,
// the one place that maps). A handler method fills the response only when
// it returns OK.
//
// Where the handler runs:
//   Unary(context, executor, request, response, handler, &Handler::Method)
//     on `executor`: anything that touches PostgreSQL or Redis, so gRPC's
//     reactor thread never blocks. When the executor's queue is full the
//     call finishes at once with RESOURCE_EXHAUSTED (Executor::Post); a call
//     cancelled, or past its deadline, while it waited in the queue finishes
//     with CANCELLED or DEADLINE_EXCEEDED without running the handler.
//   Inline(context, request, response, handler, &Handler::Method)
//     on the reactor thread, before the call returns: in-memory answers only.
//
// Who may call: instead of `handler, &Handler::Method`, pass
//   AsUser(validator, handler, &Handler::Method)        the caller's access token
//   AsTokenHolder(validator, handler, &Handler::Method) the same, or an app's
//   AsOperator(credentials, handler, &Handler::Method)  an operator's token
//   AsTelegram(webhook_secret, handler, &Handler::Method)  the webhook secret
//   WithOrigin(gateway_token, handler, &Handler::Method)   anyone; the method
//     learns where the call came from (call_origin.h)
// and the method receives the caller as its first argument:
//
//   absl::Status Handler::Method(const AccessTokenClaims&, const Request&, Response*);
//   absl::Status Handler::Method(const Operator&, const Request&, Response*);
//   absl::Status Handler::Method(const TelegramWebhook&, const Request&, Response*);
//   absl::Status Handler::Method(const CallOrigin&, const Request&, Response*);
//
// The caller is authenticated on the reactor thread (caller_auth.h; it is in
// memory). If that fails, the call finishes at once with that status and the
// handler does not run. While the handler runs, the lines it logs carry the
// call's request id (call_log_scope.h).
//
// The request, the response and the handler must outlive the call: gRPC
// keeps the first two until Finish, and handlers are members of the service.
#ifndef TGAUTH_SERVER_RPC_UNARY_CALL_H_
#define TGAUTH_SERVER_RPC_UNARY_CALL_H_

#include <grpcpp/support/server_callback.h>

#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/real_clock.h"
#include "common/shared_secret.h"
#include "server/rpc/call_log_scope.h"
#include "server/rpc/call_origin.h"
#include "server/rpc/caller_auth.h"
#include "server/rpc/executor.h"
#include "server/rpc/operator_credentials.h"
#include "server/rpc/status_util.h"
#include "server/token/access_token_validator.h"

namespace tgauth {

// A handler method together with who may call it. `authenticate` maps the
// call's context to the caller (absl::StatusOr<Caller>); build one with
// AsUser, AsOperator, AsTelegram or WithOrigin.
template <typename Authenticate, typename Handler, typename Method>
struct GuardedMethod {
  Authenticate authenticate;
  Handler* handler;
  Method method;
};

// `method` of `handler` behind `authenticate(credential, context)`;
// `credential` must outlive the call.
template <typename Credential, typename Authenticate, typename Handler, typename Method>
auto Guarded(const Credential& credential, Authenticate authenticate, Handler& handler,
             Method method) {
  auto bound = [&credential, authenticate](const grpc::CallbackServerContext& context) {
    return authenticate(credential, context);
  };
  return GuardedMethod<decltype(bound), Handler, Method>{bound, &handler, method};
}

// `method` of `handler` for a caller with a valid access token
// (AuthenticateUser: UNAUTHENTICATED, or UNAVAILABLE when the revocation
// list is stale, without running the method).
template <typename Handler, typename Method>
auto AsUser(const AccessTokenValidator& validator, Handler& handler, Method method) {
  return Guarded(validator, &AuthenticateUser, handler, method);
}

// `method` of `handler` for a caller with any access token tgauth issued,
// an OAuth client's included (AuthenticateTokenHolder).
template <typename Handler, typename Method>
auto AsTokenHolder(const AccessTokenValidator& validator, Handler& handler, Method method) {
  return Guarded(validator, &AuthenticateTokenHolder, handler, method);
}

// `method` of `handler` for the operator (AuthenticateOperator:
// PERMISSION_DENIED when the admin API is off, UNAUTHENTICATED otherwise,
// without running the method).
template <typename Handler, typename Method>
auto AsOperator(const OperatorCredentials& credentials, Handler& handler, Method method) {
  return Guarded(credentials, &AuthenticateOperator, handler, method);
}

// `method` of `handler` for Telegram's updates (AuthenticateTelegram:
// UNAUTHENTICATED without the webhook secret, without running the method).
template <typename Handler, typename Method>
auto AsTelegram(const SharedSecret& webhook_secret, Handler& handler, Method method) {
  return Guarded(webhook_secret, &AuthenticateTelegram, handler, method);
}

// `method` of `handler` for any caller, told the call's origin
// (IdentifyOrigin: UNAUTHENTICATED only for a wrong gateway token).
template <typename Handler, typename Method>
auto WithOrigin(const SharedSecret& gateway_token, Handler& handler, Method method) {
  return Guarded(gateway_token, &IdentifyOrigin, handler, method);
}

namespace unary_call_internal {

// The caller of an RPC that asks for no credential.
struct Anyone {};

template <typename Handler, typename Method>
auto ForAnyone(Handler& handler, Method method) {
  auto authenticate = [](const grpc::CallbackServerContext&) -> absl::StatusOr<Anyone> {
    return Anyone{};
  };
  return GuardedMethod<decltype(authenticate), Handler, Method>{authenticate, &handler, method};
}

template <typename Caller, typename Handler, typename Method, typename Request, typename Response>
absl::Status Invoke(const Caller& caller, Handler& handler, Method method, const Request& request,
                    Response* response) {
  if constexpr (std::is_same_v<Caller, Anyone>) {
    return (handler.*method)(request, response);
  } else {
    return (handler.*method)(caller, request, response);
  }
}

// Authenticates on the reactor thread, then runs the method on `executor`,
// or inline when `executor` is null, and finishes the call.
template <typename Request, typename Response, typename Authenticate, typename Handler,
          typename Method>
grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, Executor* executor,
                                const Request* request, Response* response,
                                GuardedMethod<Authenticate, Handler, Method> call) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto caller = call.authenticate(*context);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  auto run = [reactor, request, response, call, caller = *std::move(caller),
              request_id = RequestIdOf(*context)] {
    const CallLogScope request_id_field(request_id);
    reactor->Finish(ToGrpcStatus(Invoke(caller, *call.handler, call.method, *request, response)));
  };
  if (executor == nullptr) {
    run();
    return reactor;
  }
  absl::Status queued = executor->Post([context, reactor, run = std::move(run)]() mutable {
    // Nobody waits for the answer any more: spare the database the work.
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status::CANCELLED);
    } else if (absl::ToChronoTime(WallClock().Now()) >= context->deadline()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                   "the deadline passed while the call waited for a worker"));
    } else {
      run();
    }
  });
  if (!queued.ok()) reactor->Finish(ToGrpcStatus(queued));
  return reactor;
}

}  // namespace unary_call_internal

// Runs the method on `executor`, then finishes the call with its status.
template <typename Request, typename Response, typename Authenticate, typename Handler,
          typename Method>
grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context, Executor& executor,
                                const Request* request, Response* response,
                                GuardedMethod<Authenticate, Handler, Method> call) {
  return unary_call_internal::Serve(context, &executor, request, response, std::move(call));
}
template <typename Request, typename Response, typename Handler, typename Method>
grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context, Executor& executor,
                                const Request* request, Response* response, Handler& handler,
                                Method method) {
  return Unary(context, executor, request, response,
               unary_call_internal::ForAnyone(handler, method));
}

// Runs the method on the reactor thread and finishes the call with its
// status. Only for methods that never block.
template <typename Request, typename Response, typename Authenticate, typename Handler,
          typename Method>
grpc::ServerUnaryReactor* Inline(grpc::CallbackServerContext* context, const Request* request,
                                 Response* response,
                                 GuardedMethod<Authenticate, Handler, Method> call) {
  return unary_call_internal::Serve(context, nullptr, request, response, std::move(call));
}
template <typename Request, typename Response, typename Handler, typename Method>
grpc::ServerUnaryReactor* Inline(grpc::CallbackServerContext* context, const Request* request,
                                 Response* response, Handler& handler, Method method) {
  return Inline(context, request, response, unary_call_internal::ForAnyone(handler, method));
}

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_UNARY_CALL_H_
