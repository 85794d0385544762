#include "server/rpc/token_rpcs.h"

#include "absl/time/time.h"

namespace tgauth {

absl::Status TokenRpcs::GetJwks(const v1::GetJwksRequest& request, v1::GetJwksResponse* response) {
  *response = keys_.jwks();
  return absl::OkStatus();
}

absl::Status TokenRpcs::GetOpenIdConfiguration(const v1::GetOpenIdConfigurationRequest& request,
                                               v1::OpenIdConfiguration* response) {
  *response = openid_configuration_;
  return absl::OkStatus();
}

absl::Status TokenRpcs::ValidateAccessToken(const v1::ValidateAccessTokenRequest& request,
                                            v1::ValidateAccessTokenResponse* response) {
  absl::StatusOr<AccessTokenClaims> claims = validator_.Validate(request.access_token());
  if (!claims.ok()) return claims.status();
  response->set_user_id(claims->user_id);
  response->set_session_id(claims->session_id);
  response->set_telegram_id(claims->telegram_id);
  response->set_subscription_tier(claims->subscription_tier);
  response->mutable_expires_at()->set_seconds(absl::ToUnixSeconds(claims->expires_at));
  return absl::OkStatus();
}

}  // namespace tgauth
