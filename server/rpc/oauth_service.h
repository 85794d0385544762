// tgauth.v1.OAuthService over gRPC's callback API (proto/tgauth/v1/
// oauth.proto). Like AuthServiceImpl it only dispatches, through
// unary_call.h, to OAuthRpcs on the executor: CompleteAuthorization and
// GetUserInfo for the caller's access token, the rest for anyone (a request's handle, or
// the client's own credentials, are what they check).
#ifndef TGAUTH_SERVER_RPC_OAUTH_SERVICE_H_
#define TGAUTH_SERVER_RPC_OAUTH_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "common/shared_secret.h"
#include "server/rpc/executor.h"
#include "server/rpc/oauth_rpcs.h"
#include "server/token/access_token_validator.h"
#include "tgauth/v1/oauth.grpc.pb.h"

namespace tgauth {

// What the service hands requests to; all outlive it.
struct OAuthServiceDeps {
  AuthorizationEndpoint& authorization;
  TokenEndpoint& tokens;
  UserInfoEndpoint& user_info;
  TokenRevocation& revocation;
  EndSessionEndpoint& end_session;
  TokenIntrospection& introspection;
  const AccessTokenValidator& validator;
  Executor& executor;
  // Proves the gateway's word for the client's address (call_origin.h).
  const SharedSecret& gateway_token;
};

class OAuthServiceImpl final : public v1::OAuthService::CallbackService {
 public:
  explicit OAuthServiceImpl(OAuthServiceDeps deps)
      : deps_(deps),
        rpcs_(deps.authorization, deps.tokens, deps.user_info, deps.revocation, deps.end_session,
              deps.introspection) {}

  grpc::ServerUnaryReactor* StartAuthorization(grpc::CallbackServerContext* context,
                                               const v1::StartAuthorizationRequest* request,
                                               v1::StartAuthorizationResponse* response) override;
  grpc::ServerUnaryReactor* DescribeAuthorization(grpc::CallbackServerContext* context,
                                                  const v1::DescribeAuthorizationRequest* request,
                                                  v1::AuthorizationDescription* response) override;
  grpc::ServerUnaryReactor* CompleteAuthorization(grpc::CallbackServerContext* context,
                                                  const v1::CompleteAuthorizationRequest* request,
                                                  v1::AuthorizationRedirect* response) override;
  grpc::ServerUnaryReactor* DenyAuthorization(grpc::CallbackServerContext* context,
                                              const v1::DenyAuthorizationRequest* request,
                                              v1::AuthorizationRedirect* response) override;
  grpc::ServerUnaryReactor* ExchangeAuthorizationCode(
      grpc::CallbackServerContext* context, const v1::ExchangeAuthorizationCodeRequest* request,
      v1::TokenResponse* response) override;
  grpc::ServerUnaryReactor* RefreshToken(grpc::CallbackServerContext* context,
                                         const v1::RefreshTokenRequest* request,
                                         v1::TokenResponse* response) override;
  grpc::ServerUnaryReactor* GetUserInfo(grpc::CallbackServerContext* context,
                                        const v1::GetUserInfoRequest* request,
                                        v1::UserInfo* response) override;
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* context,
                                        const v1::RevokeTokenRequest* request,
                                        v1::RevokeTokenResponse* response) override;
  grpc::ServerUnaryReactor* EndSession(grpc::CallbackServerContext* context,
                                       const v1::EndSessionRequest* request,
                                       v1::EndSessionResponse* response) override;
  grpc::ServerUnaryReactor* IntrospectToken(grpc::CallbackServerContext* context,
                                            const v1::IntrospectTokenRequest* request,
                                            v1::TokenIntrospection* response) override;

 private:
  OAuthServiceDeps deps_;
  OAuthRpcs rpcs_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_OAUTH_SERVICE_H_
