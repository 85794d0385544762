#include "server/rpc/login_admin_rpcs.h"

#include "server/rpc/admin_proto_convert.h"

namespace tgauth {

absl::Status LoginAdminRpcs::GetPendingLogin(const Operator& caller,
                                             const v1::GetPendingLoginRequest& request,
                                             v1::PendingLoginInfo* response) {
  absl::StatusOr<storage::PendingLogin> login = logins_.Inspect(request.login_token());
  if (!login.ok()) return login.status();
  ToProto(*login, clock_.Now(), response);
  return absl::OkStatus();
}

}  // namespace tgauth
