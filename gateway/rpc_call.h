// One asynchronous unary RPC on gRPC's callback client API: no thread waits
// for the answer, which matters for AwaitLogin long polls.
#ifndef TGAUTH_GATEWAY_RPC_CALL_H_
#define TGAUTH_GATEWAY_RPC_CALL_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/real_clock.h"
#include "common/request_id.h"
#include "gateway/http_message.h"
#include "gateway/json_response.h"
#include "gateway/rpc_calls_in_flight.h"

namespace tgauth::gateway {

// gRPC metadata sent with a call: lower-case keys, e.g. {"authorization",
// "Bearer <token>"}.
using RpcMetadata = std::vector<std::pair<std::string, std::string>>;

// Runs `start(context, request, response, on_done)` — a lambda forwarding to
// stub.async()->Method(...) — with a deadline `timeout` from now, `metadata`
// and the request id of `http` (metadata kRequestIdMetadata, so the
// server's lines carry it too), then `done(status, response)` on a gRPC
// thread. `done` must
// not block; it typically builds an HttpResponse and calls a Respond, which
// hands the result to the connection's executor. The call is counted in
// `http.rpc_calls` until destroyed; when those calls were cancelled (the
// router is going away), `done` gets UNAVAILABLE at once, on this thread.
template <typename Response, typename Request, typename Start, typename Done>
void StartRpc(const HttpRequest& http, Request request, absl::Duration timeout,
              RpcMetadata metadata, Start start, Done done) {
  struct Call {
    RpcCallsInFlight::Registration registration;  // Destroyed after the context.
    grpc::ClientContext context;
    Request request;
    Response response;
  };
  // Shared, because gRPC copies the completion callback (std::function).
  auto call = std::make_shared<Call>();
  if (http.rpc_calls != nullptr) {
    call->registration =
        http.rpc_calls->Add(std::shared_ptr<grpc::ClientContext>(call, &call->context));
    if (!call->registration) {
      done(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the gateway is shutting down"),
           call->response);
      return;
    }
  }
  call->request = std::move(request);
  call->context.set_deadline(absl::ToChronoTime(WallClock().Now() + timeout));
  for (auto& [key, value] : metadata) call->context.AddMetadata(key, value);
  if (!http.request_id.empty()) call->context.AddMetadata(kRequestIdMetadata, http.request_id);
  start(&call->context, &call->request, &call->response,
        [call, done = std::move(done)](grpc::Status status) mutable {
          done(status, call->response);
        });
}

// StartRpc without metadata.
template <typename Response, typename Request, typename Start, typename Done>
void StartRpc(const HttpRequest& http, Request request, absl::Duration timeout, Start start,
              Done done) {
  StartRpc<Response>(http, std::move(request), timeout, RpcMetadata(), std::move(start),
                     std::move(done));
}

// A `done` for StartRpc that answers 200 with the response as JSON, or the
// error body for a failed call.
inline auto ProtoJsonOrError(Respond respond, JsonFieldNames names = JsonFieldNames::kCamelCase) {
  return [respond = std::move(respond), names](const grpc::Status& status,
                                               const google::protobuf::Message& response) {
    respond(status.ok() ? ProtoJsonResponse(response, names) : ErrorResponse(status));
  };
}

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_RPC_CALL_H_
