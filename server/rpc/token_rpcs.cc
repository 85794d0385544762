// AuthService methods that need no storage round trip: they answer on the
// reactor thread (keys and the revocation list are in memory).
#include "absl/time/time.h"
#include "server/rpc/auth_service.h"
#include "server/rpc/unary_reactors.h"

namespace tgauth {

grpc::ServerUnaryReactor* AuthServiceImpl::GetJwks(grpc::CallbackServerContext* context,
                                                   const v1::GetJwksRequest* request,
                                                   v1::GetJwksResponse* response) {
  *response = deps_.keys.jwks();
  return FinishNow(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* AuthServiceImpl::GetOpenIdConfiguration(
    grpc::CallbackServerContext* context, const v1::GetOpenIdConfigurationRequest* request,
    v1::OpenIdConfiguration* response) {
  *response = deps_.openid_configuration;
  return FinishNow(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* AuthServiceImpl::ValidateAccessToken(
    grpc::CallbackServerContext* context, const v1::ValidateAccessTokenRequest* request,
    v1::ValidateAccessTokenResponse* response) {
  absl::StatusOr<AccessTokenClaims> claims = deps_.validator.Validate(request->access_token());
  if (claims.ok()) {
    response->set_user_id(claims->user_id);
    response->set_session_id(claims->session_id);
    response->set_telegram_id(claims->telegram_id);
    response->set_subscription_tier(claims->subscription_tier);
    response->mutable_expires_at()->set_seconds(absl::ToUnixSeconds(claims->expires_at));
  }
  return FinishNow(context, claims.status());
}

}  // namespace tgauth
