// The token endpoint's grants: authorization_code (RFC 6749 section 4.1.3,
// RFC 7636 section 4.5, OpenID Connect Core 1.0 section 3.1.3), where a
// client exchanges the code its redirect URI received for a session of its
// own, with an ID token when it asked for `openid`; and refresh_token (RFC
// 6749 section 6, OpenID Connect Core 1.0 section 12), where it rotates
// that session's refresh token (server/session/session_refresher.h).
//
// Statuses stand for RFC 6749 section 5.2's error codes (proto/tgauth/v1/
// oauth.proto): INVALID_ARGUMENT invalid_request, UNAUTHENTICATED
// invalid_client, FAILED_PRECONDITION invalid_grant, OUT_OF_RANGE
// invalid_scope.
#ifndef TGAUTH_SERVER_OAUTH_TOKEN_ENDPOINT_H_
#define TGAUTH_SERVER_OAUTH_TOKEN_ENDPOINT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/oauth/client_registry.h"
#include "server/session/session_issuer.h"
#include "server/session/session_manager.h"
#include "server/session/session_refresher.h"
#include "server/session/user_directory.h"
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

// A token request with grant_type=refresh_token (RFC 6749 section 6), the
// client's credentials read as for CodeExchange.
struct RefreshRequest {
  std::string client_id;
  std::string client_secret;  // Empty for a public client.
  std::string refresh_token;
  // Space-separated; empty: the scope originally granted.
  std::string scope;
  std::string ip;  // The client's address (SessionRefresher's failure limit).
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
                SessionIssuer& issuer, SessionRefresher& refresher, SessionManager& sessions,
                UserDirectory& users, const IdTokenSigner& id_tokens,
                absl::Duration id_token_lifetime, const Clock& clock)
      : clients_(clients),
        codes_(codes),
        issuer_(issuer),
        refresher_(refresher),
        sessions_(sessions),
        users_(users),
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

  // Authenticates the client, then rotates the refresh token
  // (SessionRefresher::RefreshFor: rotation, grace window and reuse
  // detection as for tgauth's own sessions). The token must belong to a
  // session of this client, which the store checks before anything rotates.
  // `scope` may narrow the grant for the new access token (and ID token);
  // the refresh token keeps the original grant (RFC 6749 section 6). With
  // `openid` in that scope, a fresh ID token with the session's `sub`,
  // `sid` and `auth_time`, and no nonce (OpenID Connect Core 1.0 section
  // 12.2). INVALID_ARGUMENT if refresh_token is missing; UNAUTHENTICATED as
  // ClientRegistry::Authenticate; FAILED_PRECONDITION for a malformed,
  // unknown, expired, rotated, revoked or another client's token (rotating
  // nothing, except that reuse after the grace window revokes its session);
  // OUT_OF_RANGE, rotating nothing, if `scope` is malformed or asks for a
  // scope the session was not granted; RESOURCE_EXHAUSTED while the
  // client's address made too many failed refreshes; UNAVAILABLE if a store
  // is unreachable.
  absl::StatusOr<TokenGrant> Refresh(const RefreshRequest& request);

 private:
  // What an ID token says about a session (Core section 2).
  struct IdTokenSubject {
    std::string client_id;
    std::string session_id;
    std::string scope;  // Releases the profile claims with `profile`.
    absl::Time auth_time;
    std::string nonce;  // Empty on a refresh.
    std::string sign_in_method;
  };

  // The ID token for `subject` of `user`.
  absl::StatusOr<std::string> IdToken(const IdTokenSubject& subject,
                                      const storage::UserRecord& user) const;

  ClientRegistry& clients_;
  storage::AuthorizationCodeStore& codes_;
  SessionIssuer& issuer_;
  SessionRefresher& refresher_;
  SessionManager& sessions_;
  UserDirectory& users_;
  const IdTokenSigner& id_tokens_;
  const absl::Duration id_token_lifetime_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_TOKEN_ENDPOINT_H_
