// The server's access log: one line per RPC (unary calls, AwaitLogin's long
// polls, health and reflection alike), written as its status is sent,
//
//   {"time":...,"level":"info","msg":"rpc",
//    "grpc_method":"/tgauth.v1.AuthService/CreateLogin","grpc_code":"OK",
//    "duration_ms":4.5,"caller":"gateway","request_id":"9f2c..."}
//
// An AdminService call whose operator token holds also carries
// "operator":"<name>" (operator_credentials.h), so every admin action
// names who did it.
// `request_id` only when the caller sent a valid one (call_log_scope.h).
// `caller` says who called, by the credential the call presents, never by
// whose it is:
//   "gateway"   the configured gateway token (checked here, constant time)
//   "operator"  an AdminService method (its only credential is an operator token)
//   "user"      an `authorization` credential (a user's access token)
//   "telegram"  the webhook secret, sent directly rather than by the gateway
//   "anonymous" none of these
// The method checks the credential itself: a grpc_code of UNAUTHENTICATED
// or PERMISSION_DENIED means it did not hold. No metadata value, message,
// peer address or user id is logged.
#ifndef TGAUTH_SERVER_RPC_RPC_ACCESS_LOG_H_
#define TGAUTH_SERVER_RPC_RPC_ACCESS_LOG_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>

#include "common/shared_secret.h"
#include "server/rpc/operator_credentials.h"

namespace tgauth {

// An interceptor factory for ServerBuilder::experimental().SetInterceptorCreators
// that writes the access line of every call. `gateway_token` and
// `operators` must outlive the server.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> RpcAccessLog(
    const SharedSecret& gateway_token, const OperatorCredentials& operators);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_RPC_ACCESS_LOG_H_
