// tgauth.v1.AdminService over gRPC's callback API: operator RPCs (invite
// codes). Like AuthServiceImpl it only dispatches, through unary_call.h:
// each call is authenticated by AdminCredentials (AsOperator) on the reactor
// thread, then handled by InviteCodeRpcs on the executor.
#ifndef TGAUTH_SERVER_RPC_ADMIN_SERVICE_H_
#define TGAUTH_SERVER_RPC_ADMIN_SERVICE_H_

#include "server/events/webhook_dead_letters.h"
#include "server/rpc/admin_credentials.h"
#include "server/rpc/dead_letter_rpcs.h"
#include "server/rpc/executor.h"
#include "server/rpc/invite_code_rpcs.h"
#include "server/signin/invite_codes.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth {

// What the service hands requests to; all outlive it.
struct AdminServiceDeps {
  InviteCodes& invites;
  WebhookDeadLetters& dead_letters;
  const AdminCredentials& credentials;
  Executor& executor;
};

class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  explicit AdminServiceImpl(AdminServiceDeps deps)
      : deps_(deps), invite_codes_(deps.invites), dead_letters_(deps.dead_letters) {}

  grpc::ServerUnaryReactor* CreateInviteCode(grpc::CallbackServerContext* context,
                                             const v1::CreateInviteCodeRequest* request,
                                             v1::InviteCode* response) override;
  grpc::ServerUnaryReactor* ListInviteCodes(grpc::CallbackServerContext* context,
                                            const v1::ListInviteCodesRequest* request,
                                            v1::ListInviteCodesResponse* response) override;
  grpc::ServerUnaryReactor* ListDeadLetters(grpc::CallbackServerContext* context,
                                            const v1::ListDeadLettersRequest* request,
                                            v1::ListDeadLettersResponse* response) override;
  grpc::ServerUnaryReactor* ReplayDeadLetter(grpc::CallbackServerContext* context,
                                             const v1::ReplayDeadLetterRequest* request,
                                             v1::ReplayDeadLetterResponse* response) override;

 private:
  AdminServiceDeps deps_;
  InviteCodeRpcs invite_codes_;
  DeadLetterRpcs dead_letters_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_ADMIN_SERVICE_H_
