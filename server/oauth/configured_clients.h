// The OAuth clients the server's configuration registers
// (--oauth_clients_file: the JSON form of tgauth.v1.ConfiguredOAuthClientList,
// proto/tgauth/v1/oauth.proto), beside those operators register through
// AdminService. The file holds client secrets, so it must be private
// (common/secret_file.h).
//
// At start-up every listed client is created or brought up to date (source
// "config"), so the file is the truth for its clients: a deployment's
// clients can live in its configuration repository. A client the file no
// longer lists is left as it is (an operator disables it), and a disabled
// one stays disabled.
#ifndef TGAUTH_SERVER_OAUTH_CONFIGURED_CLIENTS_H_
#define TGAUTH_SERVER_OAUTH_CONFIGURED_CLIENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "storage/oauth_client_store.h"
#include "tgauth/v1/oauth.pb.h"

namespace tgauth {

// Shortest and longest configured client secret, characters.
inline constexpr size_t kMinConfiguredSecretChars = 32;
inline constexpr size_t kMaxConfiguredSecretChars = 256;

// Reads the private file at `path` (ReadSecretFile's errors);
// INVALID_ARGUMENT, naming the file but never quoting it, for JSON that is
// not a ConfiguredOAuthClientList.
absl::StatusOr<v1::ConfiguredOAuthClientList> ReadConfiguredClientsFile(const std::string& path);

// Checks every client of `list` (client_id.h and client_settings.h's
// rules, ids unique, secrets 32-256 printable ASCII characters), then
// creates each in `store` or updates it to the file's settings and secret.
// Nothing is written unless every client passes. INVALID_ARGUMENT naming
// the client and the field (never the secret); FAILED_PRECONDITION for a
// client_id an operator registered (the configuration does not take it
// over) or a client that would change between public and confidential (a
// new client_id is needed); UNAVAILABLE if the store is unreachable.
absl::Status RegisterConfiguredClients(const v1::ConfiguredOAuthClientList& list,
                                       storage::OAuthClientStore& store, const Clock& clock);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_CONFIGURED_CLIENTS_H_
