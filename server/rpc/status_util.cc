#include "server/rpc/status_util.h"

#include <string>

#include "common/log.h"
#include "common/server_status.h"

namespace tgauth {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
      LogError("internal error", {{"error", status}});
      return grpc::Status(code, "internal error");
    case absl::StatusCode::kUnavailable:
      // Marked as ours, so the gateway passes the reason on.
      return grpc::Status(code, std::string(status.message()), kServerComposedStatusDetails);
    default:
      return grpc::Status(code, std::string(status.message()));
  }
}

}  // namespace tgauth
