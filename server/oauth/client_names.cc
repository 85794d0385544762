#include "server/oauth/client_names.h"

#include "absl/status/status.h"

namespace tgauth {

absl::StatusOr<ClientNames> ClientNamesOf(const std::vector<storage::SessionRecord>& sessions,
                                          storage::OAuthClientStore& clients) {
  ClientNames names;
  for (const storage::SessionRecord& session : sessions) {
    if (session.client_id.empty() || names.contains(session.client_id)) continue;
    absl::StatusOr<storage::OAuthClient> client = clients.Find(session.client_id);
    if (absl::IsNotFound(client.status())) continue;
    if (!client.ok()) return client.status();
    names.emplace(session.client_id, client->name);
  }
  return names;
}

}  // namespace tgauth
