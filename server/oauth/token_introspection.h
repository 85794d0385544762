// Token introspection (RFC 7662): a confidential client asks whether a
// token is active now and what it stands for. Both kinds are looked up
// whatever `token_type_hint` says (section 2.1 lets the server search);
// their shapes tell them apart. Nothing is written, and the token never
// reaches a log.
//
// Active means:
// - an access token: it passes AccessTokenValidator (signature, `iss`,
//   `aud`, `exp`) AND its session, read from the session store rather than
//   the revocation feed, is neither revoked nor ended, so a revocation
//   shows at once on every replica;
// - a refresh token: it is its session's current token, within its idle
//   lifetime, and its session is neither revoked nor ended. A rotated token
//   is inactive even inside the grace window where RefreshSession still
//   answers it with the current pair: it is no longer the session's token,
//   and reporting it active would vouch for what a replay after the window
//   turns into reuse detection (RFC 9700 section 4.14.2).
// A token of another client's session, or of a session with tgauth
// itself, is inactive for a client without may_introspect_any: it cannot
// tell that token from one that never existed (section 2.2).
#ifndef TGAUTH_SERVER_OAUTH_TOKEN_INTROSPECTION_H_
#define TGAUTH_SERVER_OAUTH_TOKEN_INTROSPECTION_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/oauth/client_registry.h"
#include "server/session/user_directory.h"
#include "server/token/access_token_validator.h"
#include "storage/session_store.h"

namespace tgauth {

// What an active token stands for (RFC 7662 section 2.2's members).
struct ActiveToken {
  enum class Kind { kAccessToken, kRefreshToken };
  Kind kind = Kind::kAccessToken;
  std::string issuer;      // `iss`.
  std::string audience;    // `aud` of an access token; empty for a refresh token.
  std::string jti;         // `jti` if the access token carries one.
  std::string user_id;     // `sub`.
  std::string session_id;  // `sid`.
  std::string client_id;   // Empty for a session with tgauth itself.
  std::string scope;       // Space-separated; empty for a session with tgauth itself.
  // The Telegram username: only if the session's scope holds `profile` (the
  // claim UserInfo would release) or it is tgauth's own, and the user has one.
  std::string username;
  absl::Time issued_at;   // `iat`, whole seconds for an access token.
  absl::Time expires_at;  // `exp`: a refresh token's is its idle lifetime's end.
};

class TokenIntrospection {
 public:
  // `issuer` and `access_token_audience` are what AccessTokenValidator
  // checks in `iss` and `aud`. References must outlive this.
  TokenIntrospection(std::string issuer, std::string access_token_audience, ClientRegistry& clients,
                     storage::SessionStore& sessions, UserDirectory& users,
                     const AccessTokenValidator& validator, const Clock& clock)
      : issuer_(std::move(issuer)),
        access_token_audience_(std::move(access_token_audience)),
        clients_(clients),
        sessions_(sessions),
        users_(users),
        validator_(validator),
        clock_(clock) {}

  // What `token` stands for if it is active and visible to the client;
  // nullopt ({"active": false}) otherwise, as the header says.
  // UNAUTHENTICATED (invalid_client) if ClientRegistry::Authenticate fails
  // or the client is public (section 2.1: the endpoint requires
  // authorization, and a public client proves nothing); INVALID_ARGUMENT if
  // `token` is empty; UNAVAILABLE if a store is unreachable or this
  // replica's revocation feed is stale.
  absl::StatusOr<std::optional<ActiveToken>> Introspect(absl::string_view client_id,
                                                        absl::string_view client_secret,
                                                        absl::string_view token);

 private:
  // The access-token check, in one place: AccessTokenValidator, then the
  // session as stored. nullopt for an invalid or inactive token.
  absl::StatusOr<std::optional<ActiveToken>> AccessToken(absl::string_view token, absl::Time now);
  // A refresh token (already shaped as one), read under its session's lock
  // without writing, as `client` may see it: its own, and with
  // may_introspect_any also tgauth's own sessions' (the store reads a token
  // only for a named holder, storage/refresh_token_holder.h, so another
  // app's refresh token stays unseen). nullopt for an unknown, unseen,
  // rotated or inactive token.
  absl::StatusOr<std::optional<ActiveToken>> RefreshToken(absl::string_view token,
                                                          const storage::OAuthClient& client,
                                                          absl::Time now);
  // Fills `active.username` as ActiveToken says. UNAVAILABLE.
  absl::Status AddUsername(ActiveToken& active);

  const std::string issuer_;
  const std::string access_token_audience_;
  ClientRegistry& clients_;
  storage::SessionStore& sessions_;
  UserDirectory& users_;
  const AccessTokenValidator& validator_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_TOKEN_INTROSPECTION_H_
