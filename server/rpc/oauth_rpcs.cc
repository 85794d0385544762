#include "server/rpc/oauth_rpcs.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/time/time.h"
#include "server/rpc/proto_convert.h"

namespace tgauth {
namespace {

// RFC 6749 section 5.1's answer.
void ToProto(TokenGrant grant, v1::TokenResponse* response) {
  response->set_access_token(std::move(grant.session.access_token));
  response->set_token_type("Bearer");
  response->set_expires_in(
      static_cast<int32_t>(absl::ToInt64Seconds(grant.session.access_token_lifetime)));
  response->set_refresh_token(std::move(grant.session.refresh_token));
  response->set_scope(std::move(grant.scope));
  response->set_id_token(std::move(grant.id_token));
}

}  // namespace

absl::Status OAuthRpcs::StartAuthorization(const v1::StartAuthorizationRequest& request,
                                           v1::StartAuthorizationResponse* response) {
  AuthorizationParameters parameters;
  for (const auto& [name, value] : request.parameters()) parameters.values[name] = value;
  parameters.repeated.assign(request.repeated_parameters().begin(),
                             request.repeated_parameters().end());
  absl::StatusOr<AuthorizationStart> start = authorization_.Start(parameters);
  if (!start.ok()) return start.status();
  if (start->handle.empty()) {
    response->set_error_redirect(std::move(start->error_redirect));
  } else {
    response->set_handle(std::move(start->handle));
  }
  return absl::OkStatus();
}

absl::Status OAuthRpcs::DescribeAuthorization(const v1::DescribeAuthorizationRequest& request,
                                              v1::AuthorizationDescription* response) {
  absl::StatusOr<AuthorizationSummary> summary = authorization_.Describe(request.handle());
  if (!summary.ok()) return summary.status();
  response->set_client_id(summary->client_id);
  response->set_client_name(summary->client_name);
  for (const std::string& scope : summary->scopes) response->add_scopes(scope);
  response->set_prompt(summary->prompt);
  return absl::OkStatus();
}

absl::Status OAuthRpcs::CompleteAuthorization(const AccessTokenClaims& caller,
                                              const v1::CompleteAuthorizationRequest& request,
                                              v1::AuthorizationRedirect* response) {
  absl::StatusOr<std::string> redirect = authorization_.Complete(
      request.handle(), {.user_id = caller.user_id, .session_id = caller.session_id});
  if (redirect.ok()) response->set_redirect_uri(*std::move(redirect));
  return redirect.status();
}

absl::Status OAuthRpcs::DenyAuthorization(const v1::DenyAuthorizationRequest& request,
                                          v1::AuthorizationRedirect* response) {
  absl::StatusOr<std::string> redirect = authorization_.Deny(request.handle(), request.error());
  if (redirect.ok()) response->set_redirect_uri(*std::move(redirect));
  return redirect.status();
}

absl::Status OAuthRpcs::ExchangeAuthorizationCode(
    const v1::ExchangeAuthorizationCodeRequest& request, v1::TokenResponse* response) {
  absl::StatusOr<TokenGrant> grant = tokens_.ExchangeCode({
      .client_id = request.client_id(),
      .client_secret = request.client_secret(),
      .code = request.code(),
      .redirect_uri = request.redirect_uri(),
      .code_verifier = request.code_verifier(),
  });
  if (grant.ok()) ToProto(*std::move(grant), response);
  return grant.status();
}

absl::Status OAuthRpcs::RefreshToken(const CallOrigin& origin,
                                     const v1::RefreshTokenRequest& request,
                                     v1::TokenResponse* response) {
  absl::StatusOr<TokenGrant> grant = tokens_.Refresh({
      .client_id = request.client_id(),
      .client_secret = request.client_secret(),
      .refresh_token = request.refresh_token(),
      .scope = request.scope(),
      .ip = DeviceFromProto(request.device(), origin).ip_address,
  });
  if (grant.ok()) ToProto(*std::move(grant), response);
  return grant.status();
}

absl::Status OAuthRpcs::GetUserInfo(const AccessTokenClaims& caller,
                                    const v1::GetUserInfoRequest& request, v1::UserInfo* response) {
  absl::StatusOr<UserInfoClaims> claims = user_info_.Claims(caller);
  if (!claims.ok()) return claims.status();
  response->set_sub(claims->subject);
  response->set_telegram_id(claims->telegram_id);
  if (claims->profile.has_value()) {
    response->set_name(claims->profile->name);
    response->set_preferred_username(claims->profile->preferred_username);
    response->set_picture(claims->profile->picture);
  }
  return absl::OkStatus();
}

absl::Status OAuthRpcs::RevokeToken(const v1::RevokeTokenRequest& request,
                                    v1::RevokeTokenResponse* response) {
  return revocation_.Revoke(request.client_id(), request.client_secret(), request.token());
}

absl::Status OAuthRpcs::EndSession(const v1::EndSessionRequest& request,
                                   v1::EndSessionResponse* response) {
  absl::StatusOr<std::string> redirect =
      end_session_.End({.id_token_hint = request.id_token_hint(),
                        .client_id = request.client_id(),
                        .post_logout_redirect_uri = request.post_logout_redirect_uri(),
                        .state = request.state()});
  if (!redirect.ok()) return redirect.status();
  response->set_redirect_uri(*std::move(redirect));
  return absl::OkStatus();
}

absl::Status OAuthRpcs::IntrospectToken(const v1::IntrospectTokenRequest& request,
                                        v1::TokenIntrospection* response) {
  absl::StatusOr<std::optional<ActiveToken>> active =
      introspection_.Introspect(request.client_id(), request.client_secret(), request.token());
  if (!active.ok()) return active.status();
  if (!active->has_value()) return absl::OkStatus();
  ActiveToken& token = **active;
  response->set_active(true);
  response->set_scope(std::move(token.scope));
  response->set_client_id(std::move(token.client_id));
  response->set_username(std::move(token.username));
  // RFC 7662 section 2.2: the token_type of RFC 6749 section 5.1, which
  // only access tokens have.
  if (token.kind == ActiveToken::Kind::kAccessToken) response->set_token_type("Bearer");
  response->set_exp(absl::ToUnixSeconds(token.expires_at));
  response->set_iat(absl::ToUnixSeconds(token.issued_at));
  response->set_sub(std::move(token.user_id));
  response->set_aud(std::move(token.audience));
  response->set_iss(std::move(token.issuer));
  response->set_jti(std::move(token.jti));
  response->set_sid(std::move(token.session_id));
  return absl::OkStatus();
}

}  // namespace tgauth
