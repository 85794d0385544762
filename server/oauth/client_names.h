// The names of the OAuth clients that sessions were created for, for the
// views that list sessions (AuthService.ListSessions,
// AdminService.ListUserSessions), so a person sees "Acme Shop" and not an id.
#ifndef TGAUTH_SERVER_OAUTH_CLIENT_NAMES_H_
#define TGAUTH_SERVER_OAUTH_CLIENT_NAMES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "storage/oauth_client_store.h"
#include "storage/session_records.h"

namespace tgauth {

// Client id -> the client's name.
using ClientNames = absl::flat_hash_map<std::string, std::string>;

// The name of every client (enabled or not) that a session of `sessions`
// belongs to, each read once from `clients`. A client no longer stored has
// no entry (sessions.client_id has a foreign key, so only a race with
// deleting both leaves one out). UNAVAILABLE if the store is unreachable.
absl::StatusOr<ClientNames> ClientNamesOf(const std::vector<storage::SessionRecord>& sessions,
                                          storage::OAuthClientStore& clients);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_CLIENT_NAMES_H_
