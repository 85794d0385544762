// The one mapping from gRPC status codes to HTTP status codes, so every route
// and the HTTP server agree on what a failed RPC looks like to a browser.
#ifndef TGAUTH_GATEWAY_GRPC_HTTP_STATUS_H_
#define TGAUTH_GATEWAY_GRPC_HTTP_STATUS_H_

#include <grpcpp/support/status_code_enum.h>

namespace tgauth::gateway {

// The HTTP status for a gRPC code, exactly as grpc-gateway's
// runtime.HTTPStatusFromCode: OK 200, CANCELLED 499, INVALID_ARGUMENT /
// FAILED_PRECONDITION / OUT_OF_RANGE 400, UNAUTHENTICATED 401,
// PERMISSION_DENIED 403, NOT_FOUND 404, ALREADY_EXISTS / ABORTED 409,
// RESOURCE_EXHAUSTED 429, UNIMPLEMENTED 501, UNAVAILABLE 503,
// DEADLINE_EXCEEDED 504, UNKNOWN / INTERNAL / DATA_LOSS (and anything else) 500.
int HttpStatusFromGrpcCode(grpc::StatusCode code);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_GRPC_HTTP_STATUS_H_
