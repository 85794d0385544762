// Token revocation (RFC 7009): a client ends the session one of its tokens
// belongs to, e.g. when the person signs out of the app. Both kinds are
// accepted whatever `token_type_hint` says (section 2.1 lets the server
// search): a refresh token ends its session; an access token ends the
// session its `sid` names.
#ifndef TGAUTH_SERVER_OAUTH_TOKEN_REVOCATION_H_
#define TGAUTH_SERVER_OAUTH_TOKEN_REVOCATION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/oauth/client_registry.h"
#include "server/session/session_manager.h"
#include "server/token/access_token_validator.h"
#include "storage/session_store.h"

namespace tgauth {

class TokenRevocation {
 public:
  // References must outlive this.
  TokenRevocation(ClientRegistry& clients, storage::SessionStore& sessions, SessionManager& manager,
                  const AccessTokenValidator& validator)
      : clients_(clients), sessions_(sessions), manager_(manager), validator_(validator) {}

  // Authenticates the client (ClientRegistry::Authenticate: UNAUTHENTICATED),
  // then revokes the session of `token` if it was issued to that client.
  // OK also for a token that is unknown, expired or already revoked
  // (section 2.2: the client cannot act on the difference).
  // INVALID_ARGUMENT if `token` is empty; PERMISSION_DENIED if it belongs
  // to another client's session or to a session with tgauth itself
  // (section 2.1: "the request is refused"); UNAVAILABLE.
  absl::Status Revoke(absl::string_view client_id, absl::string_view client_secret,
                      absl::string_view token);

 private:
  // Revokes `session` for client `client_id`, as Revoke() describes.
  absl::Status RevokeSessionOf(absl::string_view client_id, const storage::SessionRecord& session);

  ClientRegistry& clients_;
  storage::SessionStore& sessions_;
  SessionManager& manager_;
  const AccessTokenValidator& validator_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_TOKEN_REVOCATION_H_
