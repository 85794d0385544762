#include "server/rpc/oauth_service.h"

#include "server/rpc/unary_call.h"

namespace tgauth {

grpc::ServerUnaryReactor* OAuthServiceImpl::StartAuthorization(
    grpc::CallbackServerContext* context, const v1::StartAuthorizationRequest* request,
    v1::StartAuthorizationResponse* response) {
  return Unary(context, deps_.executor, request, response, rpcs_, &OAuthRpcs::StartAuthorization);
}

grpc::ServerUnaryReactor* OAuthServiceImpl::DescribeAuthorization(
    grpc::CallbackServerContext* context, const v1::DescribeAuthorizationRequest* request,
    v1::AuthorizationDescription* response) {
  return Unary(context, deps_.executor, request, response, rpcs_,
               &OAuthRpcs::DescribeAuthorization);
}

grpc::ServerUnaryReactor* OAuthServiceImpl::CompleteAuthorization(
    grpc::CallbackServerContext* context, const v1::CompleteAuthorizationRequest* request,
    v1::AuthorizationRedirect* response) {
  return Unary(context, deps_.executor, request, response,
               AsUser(deps_.validator, rpcs_, &OAuthRpcs::CompleteAuthorization));
}

grpc::ServerUnaryReactor* OAuthServiceImpl::DenyAuthorization(
    grpc::CallbackServerContext* context, const v1::DenyAuthorizationRequest* request,
    v1::AuthorizationRedirect* response) {
  return Unary(context, deps_.executor, request, response, rpcs_, &OAuthRpcs::DenyAuthorization);
}

grpc::ServerUnaryReactor* OAuthServiceImpl::ExchangeAuthorizationCode(
    grpc::CallbackServerContext* context, const v1::ExchangeAuthorizationCodeRequest* request,
    v1::TokenResponse* response) {
  return Unary(context, deps_.executor, request, response, rpcs_,
               &OAuthRpcs::ExchangeAuthorizationCode);
}

grpc::ServerUnaryReactor* OAuthServiceImpl::RefreshToken(grpc::CallbackServerContext* context,
                                                         const v1::RefreshTokenRequest* request,
                                                         v1::TokenResponse* response) {
  return Unary(context, deps_.executor, request, response,
               WithOrigin(deps_.gateway_token, rpcs_, &OAuthRpcs::RefreshToken));
}

grpc::ServerUnaryReactor* OAuthServiceImpl::GetUserInfo(grpc::CallbackServerContext* context,
                                                        const v1::GetUserInfoRequest* request,
                                                        v1::UserInfo* response) {
  return Unary(context, deps_.executor, request, response,
               AsTokenHolder(deps_.validator, rpcs_, &OAuthRpcs::GetUserInfo));
}

grpc::ServerUnaryReactor* OAuthServiceImpl::RevokeToken(grpc::CallbackServerContext* context,
                                                        const v1::RevokeTokenRequest* request,
                                                        v1::RevokeTokenResponse* response) {
  return Unary(context, deps_.executor, request, response, rpcs_, &OAuthRpcs::RevokeToken);
}

grpc::ServerUnaryReactor* OAuthServiceImpl::EndSession(grpc::CallbackServerContext* context,
                                                       const v1::EndSessionRequest* request,
                                                       v1::EndSessionResponse* response) {
  return Unary(context, deps_.executor, request, response, rpcs_, &OAuthRpcs::EndSession);
}

grpc::ServerUnaryReactor* OAuthServiceImpl::IntrospectToken(
    grpc::CallbackServerContext* context, const v1::IntrospectTokenRequest* request,
    v1::TokenIntrospection* response) {
  return Unary(context, deps_.executor, request, response, rpcs_, &OAuthRpcs::IntrospectToken);
}

}  // namespace tgauth
