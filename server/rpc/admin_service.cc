#include "server/rpc/admin_service.h"

#include "server/rpc/unary_call.h"

namespace tgauth {

template <typename Request, typename Response, typename Handler, typename Method>
grpc::ServerUnaryReactor* AdminServiceImpl::Serve(grpc::CallbackServerContext* context,
                                                  const Request* request, Response* response,
                                                  Handler& handler, Method method) {
  return Unary(context, deps_.executor, request, response,
               AsOperator(deps_.credentials, handler, method));
}

grpc::ServerUnaryReactor* AdminServiceImpl::CreateInviteCode(grpc::CallbackServerContext* context,
                                                  const v1::CreateInviteCodeRequest* request,
                                                  v1::InviteCode* response) {
  return Serve(context, request, response, invite_codes_, &InviteCodeRpcs::CreateInviteCode);
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListInviteCodes(grpc::CallbackServerContext* context,
                                                  const v1::ListInviteCodesRequest* request,
                                                  v1::ListInviteCodesResponse* response) {
  return Serve(context, request, response, invite_codes_, &InviteCodeRpcs::ListInviteCodes);
}

grpc::ServerUnaryReactor* AdminServiceImpl::DisableInviteCode(grpc::CallbackServerContext* context,
                                                  const v1::DisableInviteCodeRequest* request,
                                                  v1::InviteCode* response) {
  return Serve(context, request, response, invite_codes_, &InviteCodeRpcs::DisableInviteCode);
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetUser(grpc::CallbackServerContext* context,
                                                  const v1::GetUserRequest* request,
                                                  v1::AdminUser* response) {
  return Serve(context, request, response, users_, &UserAdminRpcs::GetUser);
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListUsers(grpc::CallbackServerContext* context,
                                                  const v1::ListUsersRequest* request,
                                                  v1::ListUsersResponse* response) {
  return Serve(context, request, response, users_, &UserAdminRpcs::ListUsers);
}

grpc::ServerUnaryReactor* AdminServiceImpl::BlockUser(grpc::CallbackServerContext* context,
                                                  const v1::BlockUserRequest* request,
                                                  v1::AdminUser* response) {
  return Serve(context, request, response, users_, &UserAdminRpcs::BlockUser);
}

grpc::ServerUnaryReactor* AdminServiceImpl::UnblockUser(grpc::CallbackServerContext* context,
                                                  const v1::UnblockUserRequest* request,
                                                  v1::AdminUser* response) {
  return Serve(context, request, response, users_, &UserAdminRpcs::UnblockUser);
}

grpc::ServerUnaryReactor* AdminServiceImpl::DeleteUser(grpc::CallbackServerContext* context,
                                                  const v1::DeleteUserRequest* request,
                                                  v1::DeleteUserResponse* response) {
  return Serve(context, request, response, users_, &UserAdminRpcs::DeleteUser);
}

grpc::ServerUnaryReactor* AdminServiceImpl::ExportUser(grpc::CallbackServerContext* context,
                                                  const v1::ExportUserRequest* request,
                                                  v1::ExportUserResponse* response) {
  return Serve(context, request, response, users_, &UserAdminRpcs::ExportUser);
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListUserSessions(grpc::CallbackServerContext* context,
                                                  const v1::ListUserSessionsRequest* request,
                                                  v1::ListUserSessionsResponse* response) {
  return Serve(context, request, response, sessions_, &SessionAdminRpcs::ListUserSessions);
}

grpc::ServerUnaryReactor* AdminServiceImpl::RevokeUserSession(grpc::CallbackServerContext* context,
                                                  const v1::RevokeUserSessionRequest* request,
                                                  v1::RevokeUserSessionResponse* response) {
  return Serve(context, request, response, sessions_, &SessionAdminRpcs::RevokeUserSession);
}

grpc::ServerUnaryReactor* AdminServiceImpl::RevokeAllUserSessions(grpc::CallbackServerContext* context,
                                                  const v1::RevokeAllUserSessionsRequest* request,
                                                  v1::RevokeAllUserSessionsResponse* response) {
  return Serve(context, request, response, sessions_, &SessionAdminRpcs::RevokeAllUserSessions);
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetPendingLogin(grpc::CallbackServerContext* context,
                                                  const v1::GetPendingLoginRequest* request,
                                                  v1::PendingLoginInfo* response) {
  return Serve(context, request, response, logins_, &LoginAdminRpcs::GetPendingLogin);
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListDeadLetters(
    grpc::CallbackServerContext* context, const v1::ListDeadLettersRequest* request,
    v1::ListDeadLettersResponse* response) {
  return Serve(context, request, response, dead_letters_, &DeadLetterRpcs::ListDeadLetters);
}

grpc::ServerUnaryReactor* AdminServiceImpl::ReplayDeadLetter(
    grpc::CallbackServerContext* context, const v1::ReplayDeadLetterRequest* request,
    v1::ReplayDeadLetterResponse* response) {
  return Serve(context, request, response, dead_letters_, &DeadLetterRpcs::ReplayDeadLetter);
}

grpc::ServerUnaryReactor* AdminServiceImpl::CreateOAuthClient(
    grpc::CallbackServerContext* context, const v1::CreateOAuthClientRequest* request,
    v1::OAuthClientWithSecret* response) {
  return Serve(context, request, response, oauth_clients_, &OAuthClientRpcs::CreateOAuthClient);
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetOAuthClient(
    grpc::CallbackServerContext* context, const v1::GetOAuthClientRequest* request,
    v1::OAuthClient* response) {
  return Serve(context, request, response, oauth_clients_, &OAuthClientRpcs::GetOAuthClient);
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListOAuthClients(
    grpc::CallbackServerContext* context, const v1::ListOAuthClientsRequest* request,
    v1::ListOAuthClientsResponse* response) {
  return Serve(context, request, response, oauth_clients_, &OAuthClientRpcs::ListOAuthClients);
}

grpc::ServerUnaryReactor* AdminServiceImpl::UpdateOAuthClient(
    grpc::CallbackServerContext* context, const v1::UpdateOAuthClientRequest* request,
    v1::OAuthClient* response) {
  return Serve(context, request, response, oauth_clients_, &OAuthClientRpcs::UpdateOAuthClient);
}

grpc::ServerUnaryReactor* AdminServiceImpl::RotateOAuthClientSecret(
    grpc::CallbackServerContext* context, const v1::RotateOAuthClientSecretRequest* request,
    v1::OAuthClientWithSecret* response) {
  return Serve(context, request, response, oauth_clients_, &OAuthClientRpcs::RotateOAuthClientSecret);
}

grpc::ServerUnaryReactor* AdminServiceImpl::DisableOAuthClient(
    grpc::CallbackServerContext* context, const v1::DisableOAuthClientRequest* request,
    v1::OAuthClient* response) {
  return Serve(context, request, response, oauth_clients_, &OAuthClientRpcs::DisableOAuthClient);
}

}  // namespace tgauth
