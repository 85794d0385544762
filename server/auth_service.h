// tgauth.v1.AuthService over gRPC's callback API. Each method converts
// protos, hands the work to the domain objects on the executor (they block
// on PostgreSQL and Redis) and finishes the reactor; no logic lives here.
// The methods are defined by area: auth_service.cc (QR login, keys),
// session_rpcs.cc (sessions and tokens), sign_in_rpcs.cc (other sign-in
// methods).
#ifndef TGAUTH_SERVER_AUTH_SERVICE_H_
#define TGAUTH_SERVER_AUTH_SERVICE_H_

#include "server/executor.h"
#include "server/login_broker.h"
#include "server/login_wait_list.h"
#include "server/signing_key.h"
#include "server/telegram_bot.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth {

// The domain objects the service hands requests to; all outlive it.
struct AuthServiceDeps {
  LoginBroker& broker;
  TelegramBot& bot;
  LoginWaitList& waiters;
  Executor& executor;
  const SigningKey& key;
};

class AuthServiceImpl final : public v1::AuthService::CallbackService {
 public:
  explicit AuthServiceImpl(AuthServiceDeps deps) : deps_(deps) {}

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
  AuthServiceDeps deps_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_AUTH_SERVICE_H_
