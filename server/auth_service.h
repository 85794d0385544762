// tgauth.v1.AuthService over gRPC's callback API. Each method converts
// protos, hands the work to the domain objects on the executor (they block
// on PostgreSQL and Redis) and finishes the reactor; no logic lives here.
#ifndef TGAUTH_SERVER_AUTH_SERVICE_H_
#define TGAUTH_SERVER_AUTH_SERVICE_H_

#include "server/executor.h"
#include "server/login_broker.h"
#include "server/login_wait_list.h"
#include "server/signing_key.h"
#include "server/telegram_bot.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth {

class AuthServiceImpl final : public v1::AuthService::CallbackService {
 public:
  AuthServiceImpl(LoginBroker& broker, TelegramBot& bot, LoginWaitList& waiters, Executor& executor,
                  const SigningKey& key)
      : broker_(broker), bot_(bot), waiters_(waiters), executor_(executor), key_(key) {}

  grpc::ServerUnaryReactor* CreateLogin(grpc::CallbackServerContext* context,
                                        const v1::CreateLoginRequest* request,
                                        v1::CreateLoginResponse* response) override;
  grpc::ServerUnaryReactor* AwaitLogin(grpc::CallbackServerContext* context,
                                       const v1::AwaitLoginRequest* request,
                                       v1::AwaitLoginResponse* response) override;
  grpc::ServerUnaryReactor* HandleTelegramUpdate(
      grpc::CallbackServerContext* context, const v1::HandleTelegramUpdateRequest* request,
      v1::HandleTelegramUpdateResponse* response) override;
  grpc::ServerUnaryReactor* GetJwks(grpc::CallbackServerContext* context,
                                    const v1::GetJwksRequest* request,
                                    v1::GetJwksResponse* response) override;

 private:
  LoginBroker& broker_;
  TelegramBot& bot_;
  LoginWaitList& waiters_;
  Executor& executor_;
  const SigningKey& key_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_AUTH_SERVICE_H_
