// What an operator chooses for an OAuth client besides its id (which never
// changes) and its secret (which tgauth issues), and the checks they must
// pass before anything is stored.
#ifndef TGAUTH_SERVER_OAUTH_CLIENT_SETTINGS_H_
#define TGAUTH_SERVER_OAUTH_CLIENT_SETTINGS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "storage/oauth_client_store.h"

namespace tgauth {

// Most URIs in each list.
inline constexpr size_t kMaxClientUris = 32;

struct OAuthClientSettings {
  std::string name;                                    // ValidateClientName (client_id.h).
  std::vector<std::string> redirect_uris;              // 1-32, ValidateRedirectUri, no repeats.
  std::vector<std::string> post_logout_redirect_uris;  // 0-32, the same rules.
  // ValidateAllowedScopes (scopes.h); empty: every supported scope.
  std::vector<std::string> allowed_scopes;
  std::string backchannel_logout_uri;  // "" or ValidateRedirectUri's rules.
  bool may_introspect_any = false;     // May introspect other clients' tokens (RFC 7662).
};

// OK, or INVALID_ARGUMENT whose message names the first bad field (and the
// index of a bad URI or scope, e.g. "redirect_uris[2] must not have a
// fragment ...").
absl::Status ValidateClientSettings(const OAuthClientSettings& settings);

// The scopes to store: `settings.allowed_scopes`, or every supported scope
// when it names none.
std::vector<std::string> ScopesToStore(const OAuthClientSettings& settings);

// Writes `settings` into `client` as stored (every field but the id, the
// secret, the source, the times and the state).
void ApplySettings(const OAuthClientSettings& settings, storage::OAuthClient& client);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_CLIENT_SETTINGS_H_
