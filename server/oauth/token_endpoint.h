// The token endpoint's authorization_code grant (RFC 6749 section 4.1.3,
// RFC 7636 section 4.5, OpenID Connect Core 1.0 section 3.1.3): a client
// exchanges the code its redirect URI received for a session of its own,
// with an ID token when it asked for `openid`.
//
// Statuses stand for RFC 6749 section 5.2's error codes (proto/tgauth/v1/
// oauth.proto): INVALID_ARGUMENT invalid_request, UNAUTHENTICATED
// invalid_client, FAILED_PRECONDITION invalid_grant.
#ifndef TGAUTH_SERVER_OAUTH_TOKEN_ENDPOINT_H_
#define TGAUTH_SERVER_OAUTH_TOKEN_ENDPOINT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/oauth/client_registry.h"
#include "server/session/session_issuer.h"
#include "server/session/session_manager.h"
#include "server/token/id_token_signer.h"
#include "storage/authorization_code_store.h"
#include "storage/device_info.h"

namespace tgauth {

// A token request with grant_type=authorization_code, as the gateway read
// it (client credentials from HTTP Basic or the form, RFC 6749 section
// 2.3.1).
struct CodeExchange {
  std::string client_id;
  std::string client_secret;  // Empty for a public client.
  std::string code;
  std::string redirect_uri;
  std::string code_verifier;
};

// What the client receives (RFC 6749 section 5.1).
struct TokenGrant {
  IssuedSession session;  // Its access and refresh tokens.
  std::string scope;      // The granted scopes, space-separated.
  std::string id_token;   // Empty unless `openid` was granted.
};

class TokenEndpoint {
 public:
  // An ID token lives as long as an access token: `id_token_lifetime`.
  // The references must outlive the endpoint.
  TokenEndpoint(ClientRegistry& clients, storage::AuthorizationCodeStore& codes,
                SessionIssuer& issuer, SessionManager& sessions, const IdTokenSigner& id_tokens,
                absl::Duration id_token_lifetime, const Clock& clock)
      : clients_(clients),
        codes_(codes),
        issuer_(issuer),
        sessions_(sessions),
        id_tokens_(id_tokens),
        id_token_lifetime_(id_token_lifetime),
        clock_(clock) {}

  // Authenticates the client, then redeems the code (once, whatever
  // follows: a code that fails a check below is spent) and checks that it
  // was issued to this client for this redirect URI and that the PKCE
  // verifier matches its challenge; then creates the session
  // (SessionIssuer::IssueForClient) and records it with the code. A code
  // exchanged before is refused, and the session its first exchange
  // created is revoked (RFC 6749 section 4.1.2). INVALID_ARGUMENT if code,
  // redirect_uri or code_verifier is missing, or the verifier is not
  // shaped as RFC 7636 section 4.1 says; UNAUTHENTICATED as
  // ClientRegistry::Authenticate; FAILED_PRECONDITION for every refusal of
  // the code; UNAVAILABLE if a store is unreachable.
  absl::StatusOr<TokenGrant> ExchangeCode(const CodeExchange& exchange);

 private:
  // The ID token for `session` of `user`, from what `code` attests.
  absl::StatusOr<std::string> IdToken(const storage::AuthorizationCode& code,
                                      const IssuedSignIn& signed_in) const;

  ClientRegistry& clients_;
  storage::AuthorizationCodeStore& codes_;
  SessionIssuer& issuer_;
  SessionManager& sessions_;
  const IdTokenSigner& id_tokens_;
  const absl::Duration id_token_lifetime_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_TOKEN_ENDPOINT_H_
