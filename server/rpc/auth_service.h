// tgauth.v1.AuthService over gRPC's callback API. The service only
// dispatches: each unary method is one call of unary_call.h, which hands the
// request to a handler method of one RPC group and finishes the reactor.
// Updates need the webhook secret; the device facts of CreateLogin and the
// sign-ins are trusted only from the gateway (call_origin.h). The handlers
// convert protos and call the domain: qr_login_rpcs.h (QR
// login, the bot's updates), token_rpcs.h (keys, discovery, token
// validation; inline, in memory), session_rpcs.h (sessions),
// sign_in_rpcs.h (the other sign-in methods). AwaitLogin, a long poll, is
// await_login_call.h's own reactor; WatchLoginChanges, a stream for
// gateways, is watch_login_changes_call.h's.
#ifndef TGAUTH_SERVER_RPC_AUTH_SERVICE_H_
#define TGAUTH_SERVER_RPC_AUTH_SERVICE_H_

#include "common/login_wait_list.h"
#include "common/shared_secret.h"
#include "server/bot/telegram_bot.h"
#include "server/oauth/authorization_endpoint.h"
#include "server/qr_login/login_broker.h"
#include "server/qr_login/login_change_feed.h"
#include "server/rpc/executor.h"
#include "server/rpc/qr_login_rpcs.h"
#include "server/rpc/session_rpcs.h"
#include "server/rpc/sign_in_rpcs.h"
#include "server/rpc/token_rpcs.h"
#include "server/session/session_manager.h"
#include "server/session/session_refresher.h"
#include "server/session/user_directory.h"
#include "server/signin/telegram_sign_in.h"
#include "server/token/access_token_validator.h"
#include "server/token/key_ring.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth {

// The domain objects the service hands requests to; all outlive it.
struct AuthServiceDeps {
  LoginBroker& broker;
  TelegramBot& bot;
  LoginWaitList& waiters;
  LoginChangeFeed& login_changes;  // For WatchLoginChanges streams.
  Executor& executor;
  const KeyRing& keys;
  const AccessTokenValidator& validator;
  const v1::OpenIdConfiguration& openid_configuration;
  SessionRefresher& refresher;
  SessionManager& sessions;
  UserDirectory& users;
  TelegramSignIn& sign_in;  // Widget, Mini App and login link sign-ins.
  // Names the OAuth app a QR login is for (CreateLoginRequest.authorization).
  AuthorizationEndpoint& authorizations;
  // Names the OAuth apps of sessions in ListSessions.
  storage::OAuthClientStore& oauth_clients;
  // HandleTelegramUpdate requires it (caller_auth.h); unconfigured: refused.
  const SharedSecret& webhook_secret;
  // Who may vouch for the device facts of a request (call_origin.h);
  // unconfigured: nobody.
  const SharedSecret& gateway_token;
};

class AuthServiceImpl final : public v1::AuthService::CallbackService {
 public:
  explicit AuthServiceImpl(AuthServiceDeps deps);

  grpc::ServerUnaryReactor* CreateLogin(grpc::CallbackServerContext* context,
                                        const v1::CreateLoginRequest* request,
                                        v1::CreateLoginResponse* response) override;
  grpc::ServerUnaryReactor* AwaitLogin(grpc::CallbackServerContext* context,
                                       const v1::AwaitLoginRequest* request,
                                       v1::AwaitLoginResponse* response) override;
  grpc::ServerWriteReactor<v1::LoginChanges>* WatchLoginChanges(
      grpc::CallbackServerContext* context, const v1::WatchLoginChangesRequest* request) override;
  grpc::ServerUnaryReactor* HandleTelegramUpdate(
      grpc::CallbackServerContext* context, const v1::HandleTelegramUpdateRequest* request,
      v1::HandleTelegramUpdateResponse* response) override;

  grpc::ServerUnaryReactor* GetJwks(grpc::CallbackServerContext* context,
                                    const v1::GetJwksRequest* request,
                                    v1::GetJwksResponse* response) override;
  grpc::ServerUnaryReactor* GetOpenIdConfiguration(grpc::CallbackServerContext* context,
                                                   const v1::GetOpenIdConfigurationRequest* request,
                                                   v1::OpenIdConfiguration* response) override;
  grpc::ServerUnaryReactor* ValidateAccessToken(grpc::CallbackServerContext* context,
                                                const v1::ValidateAccessTokenRequest* request,
                                                v1::ValidateAccessTokenResponse* response) override;

  grpc::ServerUnaryReactor* RefreshSession(grpc::CallbackServerContext* context,
                                           const v1::RefreshSessionRequest* request,
                                           v1::RefreshSessionResponse* response) override;
  grpc::ServerUnaryReactor* RevokeSession(grpc::CallbackServerContext* context,
                                          const v1::RevokeSessionRequest* request,
                                          v1::RevokeSessionResponse* response) override;
  grpc::ServerUnaryReactor* ListSessions(grpc::CallbackServerContext* context,
                                         const v1::ListSessionsRequest* request,
                                         v1::ListSessionsResponse* response) override;
  grpc::ServerUnaryReactor* RevokeOtherSessions(grpc::CallbackServerContext* context,
                                                const v1::RevokeOtherSessionsRequest* request,
                                                v1::RevokeOtherSessionsResponse* response) override;
  grpc::ServerUnaryReactor* GetMe(grpc::CallbackServerContext* context,
                                  const v1::GetMeRequest* request,
                                  v1::GetMeResponse* response) override;

  grpc::ServerUnaryReactor* SignInWithWidget(grpc::CallbackServerContext* context,
                                             const v1::SignInWithWidgetRequest* request,
                                             v1::SignInResponse* response) override;
  grpc::ServerUnaryReactor* SignInWithMiniApp(grpc::CallbackServerContext* context,
                                              const v1::SignInWithMiniAppRequest* request,
                                              v1::SignInResponse* response) override;
  grpc::ServerUnaryReactor* ExchangeLoginLink(grpc::CallbackServerContext* context,
                                              const v1::ExchangeLoginLinkRequest* request,
                                              v1::SignInResponse* response) override;
  grpc::ServerUnaryReactor* DescribeLoginLink(grpc::CallbackServerContext* context,
                                              const v1::DescribeLoginLinkRequest* request,
                                              v1::LoginLinkDescription* response) override;

 private:
  AuthServiceDeps deps_;
  QrLoginRpcs qr_login_;
  TokenRpcs tokens_;
  SessionRpcs sessions_;
  SignInRpcs sign_in_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_AUTH_SERVICE_H_
