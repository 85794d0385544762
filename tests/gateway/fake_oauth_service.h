// An in-process tgauth.v1.OAuthService with canned answers (FakeRpc), for
// driving the gateway's OAuth routes without a real server.
#ifndef TGAUTH_TESTS_GATEWAY_FAKE_OAUTH_SERVICE_H_
#define TGAUTH_TESTS_GATEWAY_FAKE_OAUTH_SERVICE_H_

#include "tests/gateway/fake_auth_service.h"
#include "tgauth/v1/oauth.grpc.pb.h"

namespace tgauth::gateway {

class FakeOAuthService final : public tgauth::v1::OAuthService::CallbackService {
 public:
  FakeRpc<tgauth::v1::StartAuthorizationRequest, tgauth::v1::StartAuthorizationResponse>
      start_authorization;
  FakeRpc<tgauth::v1::DescribeAuthorizationRequest, tgauth::v1::AuthorizationDescription>
      describe_authorization;
  FakeRpc<tgauth::v1::CompleteAuthorizationRequest, tgauth::v1::AuthorizationRedirect>
      complete_authorization;
  FakeRpc<tgauth::v1::DenyAuthorizationRequest, tgauth::v1::AuthorizationRedirect>
      deny_authorization;
  FakeRpc<tgauth::v1::ExchangeAuthorizationCodeRequest, tgauth::v1::TokenResponse> exchange_code;
  FakeRpc<tgauth::v1::RefreshTokenRequest, tgauth::v1::TokenResponse> refresh_token;
  FakeRpc<tgauth::v1::GetUserInfoRequest, tgauth::v1::UserInfo> get_user_info;
  FakeRpc<tgauth::v1::RevokeTokenRequest, tgauth::v1::RevokeTokenResponse> revoke_token;
  FakeRpc<tgauth::v1::EndSessionRequest, tgauth::v1::EndSessionResponse> end_session;

  grpc::ServerUnaryReactor* EndSession(grpc::CallbackServerContext* context,
                                       const tgauth::v1::EndSessionRequest* request,
                                       tgauth::v1::EndSessionResponse* response) override {
    return end_session.Serve(context, request, response);
  }

  FakeRpc<tgauth::v1::IntrospectTokenRequest, tgauth::v1::TokenIntrospection> introspect_token;

  grpc::ServerUnaryReactor* IntrospectToken(grpc::CallbackServerContext* context,
                                            const tgauth::v1::IntrospectTokenRequest* request,
                                            tgauth::v1::TokenIntrospection* response) override {
    return introspect_token.Serve(context, request, response);
  }

  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* context,
                                        const tgauth::v1::RevokeTokenRequest* request,
                                        tgauth::v1::RevokeTokenResponse* response) override {
    return revoke_token.Serve(context, request, response);
  }

  grpc::ServerUnaryReactor* GetUserInfo(grpc::CallbackServerContext* context,
                                        const tgauth::v1::GetUserInfoRequest* request,
                                        tgauth::v1::UserInfo* response) override {
    return get_user_info.Serve(context, request, response);
  }

  grpc::ServerUnaryReactor* StartAuthorization(
      grpc::CallbackServerContext* context, const tgauth::v1::StartAuthorizationRequest* request,
      tgauth::v1::StartAuthorizationResponse* response) override {
    return start_authorization.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* DescribeAuthorization(
      grpc::CallbackServerContext* context, const tgauth::v1::DescribeAuthorizationRequest* request,
      tgauth::v1::AuthorizationDescription* response) override {
    return describe_authorization.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* CompleteAuthorization(
      grpc::CallbackServerContext* context, const tgauth::v1::CompleteAuthorizationRequest* request,
      tgauth::v1::AuthorizationRedirect* response) override {
    return complete_authorization.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* DenyAuthorization(
      grpc::CallbackServerContext* context, const tgauth::v1::DenyAuthorizationRequest* request,
      tgauth::v1::AuthorizationRedirect* response) override {
    return deny_authorization.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* ExchangeAuthorizationCode(
      grpc::CallbackServerContext* context,
      const tgauth::v1::ExchangeAuthorizationCodeRequest* request,
      tgauth::v1::TokenResponse* response) override {
    return exchange_code.Serve(context, request, response);
  }
  grpc::ServerUnaryReactor* RefreshToken(grpc::CallbackServerContext* context,
                                         const tgauth::v1::RefreshTokenRequest* request,
                                         tgauth::v1::TokenResponse* response) override {
    return refresh_token.Serve(context, request, response);
  }
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_TESTS_GATEWAY_FAKE_OAUTH_SERVICE_H_
