// AdminService's handlers (unary_call.h) for invite codes. They take the
// Operator, so only AsOperator can dispatch them; InviteCodes blocks on
// PostgreSQL: run them on the executor.
#ifndef TGAUTH_SERVER_RPC_INVITE_CODE_RPCS_H_
#define TGAUTH_SERVER_RPC_INVITE_CODE_RPCS_H_

#include "absl/status/status.h"
#include "server/rpc/caller_auth.h"
#include "server/signin/invite_codes.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class InviteCodeRpcs {
 public:
  // `invites` must outlive the handler.
  explicit InviteCodeRpcs(InviteCodes& invites) : invites_(invites) {}

  // The new code, shown this once in full; the statuses of
  // InviteCodes::Create.
  absl::Status CreateInviteCode(const Operator& caller, const v1::CreateInviteCodeRequest& request,
                                v1::InviteCode* response);
  // The newest codes, each by its hint only; UNAVAILABLE.
  absl::Status ListInviteCodes(const Operator& caller, const v1::ListInviteCodesRequest& request,
                               v1::ListInviteCodesResponse* response);
  // The code as disabled; statuses of InviteCodes::Disable.
  absl::Status DisableInviteCode(const Operator& caller,
                                 const v1::DisableInviteCodeRequest& request,
                                 v1::InviteCode* response);

 private:
  InviteCodes& invites_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_INVITE_CODE_RPCS_H_
