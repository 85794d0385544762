// What operators do to OAuth clients (AdminService): register, read, change,
// rotate the secret of, and disable them. Every change is validated in full
// before anything is stored, so a refused request changes nothing.
#ifndef TGAUTH_SERVER_OAUTH_CLIENT_ADMINISTRATION_H_
#define TGAUTH_SERVER_OAUTH_CLIENT_ADMINISTRATION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "server/oauth/client_settings.h"
#include "storage/oauth_client_store.h"

namespace tgauth {

struct NewOAuthClient {
  std::string client_id;  // ValidateClientId (client_id.h).
  // True: it gets a secret and authenticates with it (client_secret_basic
  // or client_secret_post). False: a public client (PKCE only).
  bool confidential = false;
  OAuthClientSettings settings;
};

// A client as stored, with its new secret in clear: the one time it exists
// outside the client. `secret` is "" for a public client.
struct ClientWithSecret {
  storage::OAuthClient client;
  std::string secret;
};

class OAuthClientAdministration {
 public:
  // Clients List returns at most.
  static constexpr int kListLimit = 1000;

  // `clients` and `clock` must outlive this.
  OAuthClientAdministration(storage::OAuthClientStore& clients, const Clock& clock)
      : clients_(clients), clock_(clock) {}

  // Registers `request` (source "admin") with a new secret if confidential.
  // INVALID_ARGUMENT naming the bad field; ALREADY_EXISTS if the client_id
  // is taken; UNAVAILABLE if the store is unreachable.
  absl::StatusOr<ClientWithSecret> Create(const NewOAuthClient& request);

  // The client, enabled or not. INVALID_ARGUMENT for a malformed id;
  // NOT_FOUND; UNAVAILABLE.
  absl::StatusOr<storage::OAuthClient> Get(absl::string_view client_id);

  // Every client (at most kListLimit) in client_id order. UNAVAILABLE.
  absl::StatusOr<std::vector<storage::OAuthClient>> List();

  // Replaces the client's settings; its id, secret and state stay. Returns
  // the client as stored. INVALID_ARGUMENT naming the bad field; NOT_FOUND;
  // UNAVAILABLE.
  absl::StatusOr<storage::OAuthClient> Update(absl::string_view client_id,
                                              const OAuthClientSettings& settings);

  // Gives a confidential client a new secret; the old one stops working at
  // once. INVALID_ARGUMENT for a malformed id; NOT_FOUND; FAILED_PRECONDITION
  // for a public client; UNAVAILABLE.
  absl::StatusOr<ClientWithSecret> RotateSecret(absl::string_view client_id);

  // Disables the client: it can no longer start a sign-in or authenticate.
  // Disabling a disabled client changes nothing. Returns the client.
  // INVALID_ARGUMENT for a malformed id; NOT_FOUND; UNAVAILABLE.
  absl::StatusOr<storage::OAuthClient> Disable(absl::string_view client_id);

 private:
  storage::OAuthClientStore& clients_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_CLIENT_ADMINISTRATION_H_
