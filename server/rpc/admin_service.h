// tgauth.v1.AdminService over gRPC's callback API: the operators' RPCs
// (invite codes, users, sessions, logins, dead letters, OAuth clients). Like AuthServiceImpl it
// only dispatches, through unary_call.h: each call is authenticated by OperatorCredentials
// (AsOperator) on the reactor thread, then handled on the executor by the handler of its group
// (*_rpcs.h).
#ifndef TGAUTH_SERVER_RPC_ADMIN_SERVICE_H_
#define TGAUTH_SERVER_RPC_ADMIN_SERVICE_H_

#include "common/clock.h"
#include "server/events/webhook_dead_letters.h"
#include "server/oauth/client_administration.h"
#include "server/qr_login/login_broker.h"
#include "server/rpc/dead_letter_rpcs.h"
#include "server/rpc/executor.h"
#include "server/rpc/invite_code_rpcs.h"
#include "server/rpc/login_admin_rpcs.h"
#include "server/rpc/oauth_client_rpcs.h"
#include "server/rpc/operator_credentials.h"
#include "server/rpc/session_admin_rpcs.h"
#include "server/rpc/user_admin_rpcs.h"
#include "server/session/user_administration.h"
#include "server/signin/invite_codes.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth {

// What the service hands requests to; all outlive it.
struct AdminServiceDeps {
  InviteCodes& invites;
  UserAdministration& users;
  LoginBroker& logins;
  WebhookDeadLetters& dead_letters;
  OAuthClientAdministration& oauth_clients;
  storage::OAuthClientStore& oauth_client_store;  // Names the apps of sessions.
  const OperatorCredentials& credentials;
  Executor& executor;
  const Clock& clock;
};

class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  explicit AdminServiceImpl(AdminServiceDeps deps)
      : deps_(deps),
        invite_codes_(deps.invites),
        users_(deps.users, deps.oauth_client_store, deps.clock),
        sessions_(deps.users, deps.oauth_client_store, deps.clock),
        logins_(deps.logins, deps.clock),
        dead_letters_(deps.dead_letters),
        oauth_clients_(deps.oauth_clients) {}

  grpc::ServerUnaryReactor* CreateInviteCode(grpc::CallbackServerContext* context,
                                    const v1::CreateInviteCodeRequest* request,
                                    v1::InviteCode* response) override;
  grpc::ServerUnaryReactor* ListInviteCodes(grpc::CallbackServerContext* context,
                                    const v1::ListInviteCodesRequest* request,
                                    v1::ListInviteCodesResponse* response) override;
  grpc::ServerUnaryReactor* DisableInviteCode(grpc::CallbackServerContext* context,
                                    const v1::DisableInviteCodeRequest* request,
                                    v1::InviteCode* response) override;
  grpc::ServerUnaryReactor* GetUser(grpc::CallbackServerContext* context,
                                    const v1::GetUserRequest* request,
                                    v1::AdminUser* response) override;
  grpc::ServerUnaryReactor* ListUsers(grpc::CallbackServerContext* context,
                                    const v1::ListUsersRequest* request,
                                    v1::ListUsersResponse* response) override;
  grpc::ServerUnaryReactor* BlockUser(grpc::CallbackServerContext* context,
                                    const v1::BlockUserRequest* request,
                                    v1::AdminUser* response) override;
  grpc::ServerUnaryReactor* UnblockUser(grpc::CallbackServerContext* context,
                                    const v1::UnblockUserRequest* request,
                                    v1::AdminUser* response) override;
  grpc::ServerUnaryReactor* DeleteUser(grpc::CallbackServerContext* context,
                                    const v1::DeleteUserRequest* request,
                                    v1::DeleteUserResponse* response) override;
  grpc::ServerUnaryReactor* ExportUser(grpc::CallbackServerContext* context,
                                    const v1::ExportUserRequest* request,
                                    v1::ExportUserResponse* response) override;
  grpc::ServerUnaryReactor* ListUserSessions(grpc::CallbackServerContext* context,
                                    const v1::ListUserSessionsRequest* request,
                                    v1::ListUserSessionsResponse* response) override;
  grpc::ServerUnaryReactor* RevokeUserSession(grpc::CallbackServerContext* context,
                                    const v1::RevokeUserSessionRequest* request,
                                    v1::RevokeUserSessionResponse* response) override;
  grpc::ServerUnaryReactor* RevokeAllUserSessions(grpc::CallbackServerContext* context,
                                    const v1::RevokeAllUserSessionsRequest* request,
                                    v1::RevokeAllUserSessionsResponse* response) override;
  grpc::ServerUnaryReactor* GetPendingLogin(grpc::CallbackServerContext* context,
                                    const v1::GetPendingLoginRequest* request,
                                    v1::PendingLoginInfo* response) override;
  grpc::ServerUnaryReactor* ListDeadLetters(grpc::CallbackServerContext* context,
                                            const v1::ListDeadLettersRequest* request,
                                            v1::ListDeadLettersResponse* response) override;
  grpc::ServerUnaryReactor* ReplayDeadLetter(grpc::CallbackServerContext* context,
                                             const v1::ReplayDeadLetterRequest* request,
                                             v1::ReplayDeadLetterResponse* response) override;
  grpc::ServerUnaryReactor* CreateOAuthClient(grpc::CallbackServerContext* context,
                                              const v1::CreateOAuthClientRequest* request,
                                              v1::OAuthClientWithSecret* response) override;
  grpc::ServerUnaryReactor* GetOAuthClient(grpc::CallbackServerContext* context,
                                           const v1::GetOAuthClientRequest* request,
                                           v1::OAuthClient* response) override;
  grpc::ServerUnaryReactor* ListOAuthClients(grpc::CallbackServerContext* context,
                                             const v1::ListOAuthClientsRequest* request,
                                             v1::ListOAuthClientsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateOAuthClient(grpc::CallbackServerContext* context,
                                              const v1::UpdateOAuthClientRequest* request,
                                              v1::OAuthClient* response) override;
  grpc::ServerUnaryReactor* RotateOAuthClientSecret(
      grpc::CallbackServerContext* context, const v1::RotateOAuthClientSecretRequest* request,
      v1::OAuthClientWithSecret* response) override;
  grpc::ServerUnaryReactor* DisableOAuthClient(grpc::CallbackServerContext* context,
                                               const v1::DisableOAuthClientRequest* request,
                                               v1::OAuthClient* response) override;

 private:
  // Serves `method` of `handler` to operators, on the executor.
  template <typename Request, typename Response, typename Handler, typename Method>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const Request* request,
                                  Response* response, Handler& handler, Method method);

  AdminServiceDeps deps_;
  InviteCodeRpcs invite_codes_;
  UserAdminRpcs users_;
  SessionAdminRpcs sessions_;
  LoginAdminRpcs logins_;
  DeadLetterRpcs dead_letters_;
  OAuthClientRpcs oauth_clients_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_ADMIN_SERVICE_H_
