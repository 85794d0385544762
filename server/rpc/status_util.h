// The one place where absl::Status becomes grpc::Status.
#ifndef TGAUTH_SERVER_RPC_STATUS_UTIL_H_
#define TGAUTH_SERVER_RPC_STATUS_UTIL_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace tgauth {

// Same code (absl and gRPC share the numbering). Messages of INTERNAL,
// UNKNOWN and DATA_LOSS are logged and replaced by "internal error", so no
// internal detail reaches a client. UNAVAILABLE carries
// kServerComposedStatusDetails (common/server_status.h).
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_STATUS_UTIL_H_
