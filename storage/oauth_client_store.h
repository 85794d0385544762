// The OAuth 2.0 clients registered with tgauth (RFC 6749 section 2): the web
// apps that sign users in through it. Registered by operators
// (AdminService) or from the configuration; the rules a client must follow
// are in server/oauth/. PostgreSQL in production (table oauth_clients,
// storage/postgres/migrations/0010_oauth_clients.sql).
#ifndef TGAUTH_STORAGE_OAUTH_CLIENT_STORE_H_
#define TGAUTH_STORAGE_OAUTH_CLIENT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth::storage {

// Who registered a client, and so who may change it.
enum class OAuthClientSource {
  kAdmin,   // An operator, through AdminService ("admin" in the table).
  kConfig,  // The server's configuration ("config" in the table).
};

struct OAuthClient {
  std::string client_id;  // ^[a-z0-9][a-z0-9_-]{0,63}$; never changes.
  std::string name;       // Shown to the user; 1-64 characters.
  // SHA-256 of the client secret, 32 raw bytes; nullopt for a public client
  // (no secret: PKCE only, RFC 7636).
  std::optional<std::string> secret_hash;
  std::vector<std::string> redirect_uris;  // At least one, as registered.
  std::vector<std::string> post_logout_redirect_uris;
  std::vector<std::string> allowed_scopes;  // e.g. {"openid", "profile"}.
  std::string backchannel_logout_uri;       // "": none.
  bool may_introspect_any = false;          // May introspect other clients' tokens.
  OAuthClientSource source = OAuthClientSource::kAdmin;
  absl::Time created_at;
  absl::Time updated_at;
  std::optional<absl::Time> disabled_at;  // Set once disabled.

  friend bool operator==(const OAuthClient&, const OAuthClient&) = default;
};

class OAuthClientStore {
 public:
  virtual ~OAuthClientStore() = default;

  // Stores `client` as given (disabled_at included). ALREADY_EXISTS if its
  // client_id is taken; UNAVAILABLE if unreachable.
  virtual absl::Status Create(const OAuthClient& client) = 0;

  // The client with this id, enabled or not. NOT_FOUND if there is none;
  // UNAVAILABLE if unreachable.
  virtual absl::StatusOr<OAuthClient> Find(absl::string_view client_id) = 0;

  // At most `limit` clients in client_id order (byte order); empty if there
  // are none. UNAVAILABLE if unreachable.
  virtual absl::StatusOr<std::vector<OAuthClient>> List(int limit) = 0;

  // Replaces the settings of the client with `client.client_id` (name,
  // redirect and post-logout URIs, scopes, back-channel logout URI,
  // may_introspect_any) and sets its updated_at to `client.updated_at`;
  // its secret, source, created_at and disabled_at stay. Returns the client
  // as stored. NOT_FOUND if there is none; UNAVAILABLE if unreachable.
  virtual absl::StatusOr<OAuthClient> Update(const OAuthClient& client) = 0;

  // Replaces the secret hash of the client with this id if it has one (a
  // public client stays public) and sets updated_at to `now`. Returns the
  // client as stored. NOT_FOUND if there is none; FAILED_PRECONDITION if it
  // is public; UNAVAILABLE if unreachable.
  virtual absl::StatusOr<OAuthClient> ReplaceSecretHash(absl::string_view client_id,
                                                        absl::string_view secret_hash,
                                                        absl::Time now) = 0;

  // Disables the client with this id at `now` (a disabled client keeps its
  // first disabled_at) and returns it. NOT_FOUND if there is none;
  // UNAVAILABLE if unreachable.
  virtual absl::StatusOr<OAuthClient> Disable(absl::string_view client_id, absl::Time now) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_OAUTH_CLIENT_STORE_H_
