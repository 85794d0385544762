#include "server/rpc/auth_service.h"

#include "server/rpc/await_login_call.h"
#include "server/rpc/call_log_scope.h"
#include "server/rpc/call_origin.h"
#include "server/rpc/status_util.h"
#include "server/rpc/unary_call.h"
#include "server/rpc/watch_login_changes_call.h"

namespace tgauth {

AuthServiceImpl::AuthServiceImpl(AuthServiceDeps deps)
    : deps_(deps),
      qr_login_(deps.broker, deps.bot, deps.authorizations),
      tokens_(deps.keys, deps.openid_configuration, deps.validator),
      sessions_(deps.refresher, deps.sessions, deps.users, deps.oauth_clients),
      sign_in_(deps.sign_in) {}

// QR login.

grpc::ServerUnaryReactor* AuthServiceImpl::CreateLogin(grpc::CallbackServerContext* context,
                                                       const v1::CreateLoginRequest* request,
                                                       v1::CreateLoginResponse* response) {
  return Unary(context, deps_.executor, request, response,
               WithOrigin(deps_.gateway_token, qr_login_, &QrLoginRpcs::CreateLogin));
}

grpc::ServerUnaryReactor* AuthServiceImpl::AwaitLogin(grpc::CallbackServerContext* context,
                                                      const v1::AwaitLoginRequest* request,
                                                      v1::AwaitLoginResponse* response) {
  return StartAwaitLogin(*request, response, deps_.broker, deps_.waiters, deps_.executor,
                         RequestIdOf(*context));
}

grpc::ServerWriteReactor<v1::LoginChanges>* AuthServiceImpl::WatchLoginChanges(
    grpc::CallbackServerContext* context, const v1::WatchLoginChangesRequest* /*request*/) {
  // Login keys are hashes, yet which logins change when is the gateway's
  // business alone once it has a token.
  if (deps_.gateway_token.configured()) {
    absl::StatusOr<CallOrigin> origin = IdentifyOrigin(deps_.gateway_token, *context);
    if (!origin.ok()) return RefuseWatchLoginChanges(ToGrpcStatus(origin.status()));
    if (!origin->from_gateway) {
      return RefuseWatchLoginChanges(grpc::Status(
          grpc::StatusCode::UNAUTHENTICATED,
          "WatchLoginChanges needs the gateway token (metadata x-tgauth-gateway-token)"));
    }
  }
  return StartWatchLoginChanges(deps_.login_changes, deps_.executor);
}

grpc::ServerUnaryReactor* AuthServiceImpl::HandleTelegramUpdate(
    grpc::CallbackServerContext* context, const v1::HandleTelegramUpdateRequest* request,
    v1::HandleTelegramUpdateResponse* response) {
  return Unary(context, deps_.executor, request, response,
               AsTelegram(deps_.webhook_secret, qr_login_, &QrLoginRpcs::HandleTelegramUpdate));
}

// Keys, discovery and token validation: in memory, so inline.

grpc::ServerUnaryReactor* AuthServiceImpl::GetJwks(grpc::CallbackServerContext* context,
                                                   const v1::GetJwksRequest* request,
                                                   v1::GetJwksResponse* response) {
  return Inline(context, request, response, tokens_, &TokenRpcs::GetJwks);
}

grpc::ServerUnaryReactor* AuthServiceImpl::GetOpenIdConfiguration(
    grpc::CallbackServerContext* context, const v1::GetOpenIdConfigurationRequest* request,
    v1::OpenIdConfiguration* response) {
  return Inline(context, request, response, tokens_, &TokenRpcs::GetOpenIdConfiguration);
}

grpc::ServerUnaryReactor* AuthServiceImpl::ValidateAccessToken(
    grpc::CallbackServerContext* context, const v1::ValidateAccessTokenRequest* request,
    v1::ValidateAccessTokenResponse* response) {
  return Inline(context, request, response, tokens_, &TokenRpcs::ValidateAccessToken);
}

// Sessions. A refresh token is its own credential (RFC 6749 section 6,
// RFC 7009); the rest are the caller's, by their access token.

grpc::ServerUnaryReactor* AuthServiceImpl::RefreshSession(grpc::CallbackServerContext* context,
                                                          const v1::RefreshSessionRequest* request,
                                                          v1::RefreshSessionResponse* response) {
  return Unary(context, deps_.executor, request, response,
               WithOrigin(deps_.gateway_token, sessions_, &SessionRpcs::RefreshSession));
}

grpc::ServerUnaryReactor* AuthServiceImpl::RevokeSession(grpc::CallbackServerContext* context,
                                                         const v1::RevokeSessionRequest* request,
                                                         v1::RevokeSessionResponse* response) {
  return request->target_case() == v1::RevokeSessionRequest::kSessionId
             ? Unary(context, deps_.executor, request, response,
                     AsUser(deps_.validator, sessions_, &SessionRpcs::RevokeOwnSession))
             : Unary(context, deps_.executor, request, response,
                     WithOrigin(deps_.gateway_token, sessions_, &SessionRpcs::RevokeSession));
}

grpc::ServerUnaryReactor* AuthServiceImpl::ListSessions(grpc::CallbackServerContext* context,
                                                        const v1::ListSessionsRequest* request,
                                                        v1::ListSessionsResponse* response) {
  return Unary(context, deps_.executor, request, response,
               AsUser(deps_.validator, sessions_, &SessionRpcs::ListSessions));
}

grpc::ServerUnaryReactor* AuthServiceImpl::RevokeOtherSessions(
    grpc::CallbackServerContext* context, const v1::RevokeOtherSessionsRequest* request,
    v1::RevokeOtherSessionsResponse* response) {
  return Unary(context, deps_.executor, request, response,
               AsUser(deps_.validator, sessions_, &SessionRpcs::RevokeOtherSessions));
}

grpc::ServerUnaryReactor* AuthServiceImpl::GetMe(grpc::CallbackServerContext* context,
                                                 const v1::GetMeRequest* request,
                                                 v1::GetMeResponse* response) {
  return Unary(context, deps_.executor, request, response,
               AsUser(deps_.validator, sessions_, &SessionRpcs::GetMe));
}

// The other sign-in methods.

grpc::ServerUnaryReactor* AuthServiceImpl::SignInWithWidget(
    grpc::CallbackServerContext* context, const v1::SignInWithWidgetRequest* request,
    v1::SignInResponse* response) {
  return Unary(context, deps_.executor, request, response,
               WithOrigin(deps_.gateway_token, sign_in_, &SignInRpcs::SignInWithWidget));
}

grpc::ServerUnaryReactor* AuthServiceImpl::SignInWithMiniApp(
    grpc::CallbackServerContext* context, const v1::SignInWithMiniAppRequest* request,
    v1::SignInResponse* response) {
  return Unary(context, deps_.executor, request, response,
               WithOrigin(deps_.gateway_token, sign_in_, &SignInRpcs::SignInWithMiniApp));
}

grpc::ServerUnaryReactor* AuthServiceImpl::ExchangeLoginLink(
    grpc::CallbackServerContext* context, const v1::ExchangeLoginLinkRequest* request,
    v1::SignInResponse* response) {
  return Unary(context, deps_.executor, request, response,
               WithOrigin(deps_.gateway_token, sign_in_, &SignInRpcs::ExchangeLoginLink));
}

grpc::ServerUnaryReactor* AuthServiceImpl::DescribeLoginLink(
    grpc::CallbackServerContext* context, const v1::DescribeLoginLinkRequest* request,
    v1::LoginLinkDescription* response) {
  return Unary(context, deps_.executor, request, response,
               WithOrigin(deps_.gateway_token, sign_in_, &SignInRpcs::DescribeLoginLink));
}

}  // namespace tgauth
