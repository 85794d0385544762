// OAuthService's handlers (unary_call.h): the authorization and token
// endpoints (server/oauth/), converting protos. They block on PostgreSQL
// and Redis: run them on the executor. Each fills the response only when
// it returns OK.
#ifndef TGAUTH_SERVER_RPC_OAUTH_RPCS_H_
#define TGAUTH_SERVER_RPC_OAUTH_RPCS_H_

#include "absl/status/status.h"
#include "server/oauth/authorization_endpoint.h"
#include "server/oauth/end_session_endpoint.h"
#include "server/oauth/token_endpoint.h"
#include "server/oauth/token_introspection.h"
#include "server/oauth/token_revocation.h"
#include "server/oauth/user_info.h"
#include "server/rpc/call_origin.h"
#include "server/token/access_token_signer.h"
#include "tgauth/v1/oauth.pb.h"

namespace tgauth {

class OAuthRpcs {
 public:
  // References must outlive the handler.
  OAuthRpcs(AuthorizationEndpoint& authorization, TokenEndpoint& tokens,
            UserInfoEndpoint& user_info, TokenRevocation& revocation,
            EndSessionEndpoint& end_session, TokenIntrospection& introspection)
      : authorization_(authorization),
        tokens_(tokens),
        user_info_(user_info),
        revocation_(revocation),
        end_session_(end_session),
        introspection_(introspection) {}

  absl::Status StartAuthorization(const v1::StartAuthorizationRequest& request,
                                  v1::StartAuthorizationResponse* response);
  absl::Status DescribeAuthorization(const v1::DescribeAuthorizationRequest& request,
                                     v1::AuthorizationDescription* response);
  // Granted by the session of `caller`'s access token.
  absl::Status CompleteAuthorization(const AccessTokenClaims& caller,
                                     const v1::CompleteAuthorizationRequest& request,
                                     v1::AuthorizationRedirect* response);
  absl::Status DenyAuthorization(const v1::DenyAuthorizationRequest& request,
                                 v1::AuthorizationRedirect* response);
  absl::Status ExchangeAuthorizationCode(const v1::ExchangeAuthorizationCodeRequest& request,
                                         v1::TokenResponse* response);
  // The refresh_token grant (TokenEndpoint::Refresh), failures limited
  // per address of `origin` (DeviceFromProto).
  absl::Status RefreshToken(const CallOrigin& origin, const v1::RefreshTokenRequest& request,
                            v1::TokenResponse* response);
  // The claims of `caller`'s access token (UserInfoEndpoint::Claims).
  absl::Status GetUserInfo(const AccessTokenClaims& caller, const v1::GetUserInfoRequest& request,
                           v1::UserInfo* response);
  absl::Status RevokeToken(const v1::RevokeTokenRequest& request,
                           v1::RevokeTokenResponse* response);
  absl::Status EndSession(const v1::EndSessionRequest& request, v1::EndSessionResponse* response);
  // `response` is left inactive (all unset) for a token that is not active.
  absl::Status IntrospectToken(const v1::IntrospectTokenRequest& request,
                               v1::TokenIntrospection* response);

 private:
  AuthorizationEndpoint& authorization_;
  TokenEndpoint& tokens_;
  UserInfoEndpoint& user_info_;
  TokenRevocation& revocation_;
  EndSessionEndpoint& end_session_;
  TokenIntrospection& introspection_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_OAUTH_RPCS_H_
