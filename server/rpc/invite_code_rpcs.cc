#include "server/rpc/invite_code_rpcs.h"

#include <vector>

#include "common/log.h"
#include "server/rpc/proto_convert.h"

namespace tgauth {

absl::Status InviteCodeRpcs::CreateInviteCode(const Operator& caller,
                                              const v1::CreateInviteCodeRequest& request,
                                              v1::InviteCode* response) {
  absl::StatusOr<CreatedInviteCode> created = invites_.Create(FromProto(request));
  if (!created.ok()) return created.status();
  ToProto(created->stored, response);
  response->set_code(created->code);  // The one time the code is shown.
  return absl::OkStatus();
}

absl::Status InviteCodeRpcs::ListInviteCodes(const Operator& caller,
                                             const v1::ListInviteCodesRequest& request,
                                             v1::ListInviteCodesResponse* response) {
  absl::StatusOr<std::vector<storage::InviteCode>> codes = invites_.List();
  if (!codes.ok()) return codes.status();
  for (const storage::InviteCode& code : *codes) ToProto(code, response->add_codes());
  return absl::OkStatus();
}

absl::Status InviteCodeRpcs::DisableInviteCode(const Operator& caller,
                                               const v1::DisableInviteCodeRequest& request,
                                               v1::InviteCode* response) {
  absl::StatusOr<storage::InviteCode> disabled = invites_.Disable(request.id());
  if (!disabled.ok()) return disabled.status();
  LogInfo("invite code disabled", {{"invite_code_id", request.id()}, {"operator", caller.name}});
  ToProto(*disabled, response);
  return absl::OkStatus();
}

}  // namespace tgauth
