// The request id of an RPC (common/request_id.h) in the server's log lines:
// the access line (rpc_access_log.h) and every line a thread writes while it
// handles the call.
#ifndef TGAUTH_SERVER_RPC_CALL_LOG_SCOPE_H_
#define TGAUTH_SERVER_RPC_CALL_LOG_SCOPE_H_

#include <grpcpp/server_context.h>

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "common/log.h"
#include "common/request_id.h"

namespace tgauth {

// The caller's `x-request-id` metadata when IsValidRequestId, else "" (the
// server makes none: a caller that sends none has nothing to match it with).
std::string RequestIdOf(const grpc::ServerContextBase& context);

// While it lives, the current thread's log lines carry {"request_id": id}
// (nothing when `request_id` is empty), and the domain events it causes
// carry the id too (RequestIdScope, common/request_id.h).
class CallLogScope {
 public:
  explicit CallLogScope(absl::string_view request_id) : events_(request_id) {
    if (!request_id.empty()) field_.emplace("request_id", request_id);
  }

 private:
  std::optional<ScopedLogField> field_;
  RequestIdScope events_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_CALL_LOG_SCOPE_H_
