#include "server/rpc/call_log_scope.h"

#include "common/request_id.h"

namespace tgauth {

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(kRequestIdMetadata);
  if (found == metadata.end()) return "";
  const absl::string_view id(found->second.data(), found->second.size());
  return IsValidRequestId(id) ? std::string(id) : "";
}

}  // namespace tgauth
