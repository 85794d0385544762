#include "server/rpc/admin_service.h"

#include "server/rpc/unary_call.h"

namespace tgauth {

grpc::ServerUnaryReactor* AdminServiceImpl::CreateInviteCode(
    grpc::CallbackServerContext* context, const v1::CreateInviteCodeRequest* request,
    v1::InviteCode* response) {
  return Unary(context, deps_.executor, request, response,
               AsOperator(deps_.credentials, invite_codes_, &InviteCodeRpcs::CreateInviteCode));
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListInviteCodes(
    grpc::CallbackServerContext* context, const v1::ListInviteCodesRequest* request,
    v1::ListInviteCodesResponse* response) {
  return Unary(context, deps_.executor, request, response,
               AsOperator(deps_.credentials, invite_codes_, &InviteCodeRpcs::ListInviteCodes));
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListDeadLetters(
    grpc::CallbackServerContext* context, const v1::ListDeadLettersRequest* request,
    v1::ListDeadLettersResponse* response) {
  return Unary(context, deps_.executor, request, response,
               AsOperator(deps_.credentials, dead_letters_, &DeadLetterRpcs::ListDeadLetters));
}

grpc::ServerUnaryReactor* AdminServiceImpl::ReplayDeadLetter(
    grpc::CallbackServerContext* context, const v1::ReplayDeadLetterRequest* request,
    v1::ReplayDeadLetterResponse* response) {
  return Unary(context, deps_.executor, request, response,
               AsOperator(deps_.credentials, dead_letters_, &DeadLetterRpcs::ReplayDeadLetter));
}

}  // namespace tgauth
