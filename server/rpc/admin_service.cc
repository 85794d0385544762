#include "server/rpc/admin_service.h"

#include "server/rpc/caller_auth.h"
#include "server/rpc/proto_convert.h"
#include "server/rpc/status_util.h"

namespace tgauth {

grpc::ServerUnaryReactor* AdminServiceImpl::CreateInviteCode(
    grpc::CallbackServerContext* context, const v1::CreateInviteCodeRequest* request,
    v1::InviteCode* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status s = AuthenticateOperator(deps_.credentials, *context); !s.ok()) {
    reactor->Finish(ToGrpcStatus(s));
    return reactor;
  }
  deps_.executor.Post([this, request, response, reactor] {
    absl::StatusOr<CreatedInviteCode> created = deps_.invites.Create(FromProto(*request));
    if (created.ok()) {
      ToProto(created->stored, response);
      response->set_code(created->code);  // The one time the code is shown.
    }
    reactor->Finish(ToGrpcStatus(created.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListInviteCodes(
    grpc::CallbackServerContext* context, const v1::ListInviteCodesRequest* request,
    v1::ListInviteCodesResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status s = AuthenticateOperator(deps_.credentials, *context); !s.ok()) {
    reactor->Finish(ToGrpcStatus(s));
    return reactor;
  }
  deps_.executor.Post([this, response, reactor] {
    absl::StatusOr<std::vector<storage::InviteCode>> codes = deps_.invites.List();
    if (codes.ok()) {
      for (const storage::InviteCode& code : *codes) ToProto(code, response->add_codes());
    }
    reactor->Finish(ToGrpcStatus(codes.status()));
  });
  return reactor;
}

}  // namespace tgauth
