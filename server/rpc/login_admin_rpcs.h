// AdminService's handler (unary_call.h) for QR logins: what a login is
// doing, for support. It takes the Operator, so only AsOperator can
// dispatch it; LoginBroker reads Redis: run it on the executor.
#ifndef TGAUTH_SERVER_RPC_LOGIN_ADMIN_RPCS_H_
#define TGAUTH_SERVER_RPC_LOGIN_ADMIN_RPCS_H_

#include "absl/status/status.h"
#include "common/clock.h"
#include "server/qr_login/login_broker.h"
#include "server/rpc/caller_auth.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class LoginAdminRpcs {
 public:
  // `logins` and `clock` must outlive the handler.
  LoginAdminRpcs(LoginBroker& logins, const Clock& clock) : logins_(logins), clock_(clock) {}

  // The login's state, device and times, never its tokens; statuses of
  // LoginBroker::Inspect.
  absl::Status GetPendingLogin(const Operator& caller, const v1::GetPendingLoginRequest& request,
                               v1::PendingLoginInfo* response);

 private:
  LoginBroker& logins_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_LOGIN_ADMIN_RPCS_H_
