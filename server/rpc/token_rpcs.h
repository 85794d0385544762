// The handlers (unary_call.h) that need no storage round trip: the signing
// keys, OpenID discovery and access-token validation. The keys and the
// revocation list are in memory, so they run inline on the reactor thread.
#ifndef TGAUTH_SERVER_RPC_TOKEN_RPCS_H_
#define TGAUTH_SERVER_RPC_TOKEN_RPCS_H_

#include "absl/status/status.h"
#include "server/token/access_token_validator.h"
#include "server/token/key_ring.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class TokenRpcs {
 public:
  // References must outlive the handler.
  TokenRpcs(const KeyRing& keys, const v1::OpenIdConfiguration& openid_configuration,
            const AccessTokenValidator& validator)
      : keys_(keys), openid_configuration_(openid_configuration), validator_(validator) {}

  // The public keys as a JWK Set (RFC 7517 section 5). Always OK.
  absl::Status GetJwks(const v1::GetJwksRequest& request, v1::GetJwksResponse* response);
  // The OpenID discovery document the server was started with. Always OK.
  absl::Status GetOpenIdConfiguration(const v1::GetOpenIdConfigurationRequest& request,
                                      v1::OpenIdConfiguration* response);
  // The token's claims; the statuses of AccessTokenValidator::Validate.
  absl::Status ValidateAccessToken(const v1::ValidateAccessTokenRequest& request,
                                   v1::ValidateAccessTokenResponse* response);

 private:
  const KeyRing& keys_;
  const v1::OpenIdConfiguration& openid_configuration_;
  const AccessTokenValidator& validator_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_TOKEN_RPCS_H_
