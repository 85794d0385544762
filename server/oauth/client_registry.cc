#include "server/oauth/client_registry.h"

#include "absl/status/status.h"
#include "server/oauth/client_id.h"
#include "server/oauth/client_secret.h"

namespace tgauth {

absl::StatusOr<storage::OAuthClient> ClientRegistry::FindEnabled(absl::string_view client_id) {
  if (!IsValidClientId(client_id)) return absl::NotFoundError("no such oauth client");
  absl::StatusOr<storage::OAuthClient> client = clients_.Find(client_id);
  if (client.ok() && client->disabled_at.has_value()) {
    return absl::NotFoundError("no such oauth client");
  }
  return client;
}

absl::StatusOr<storage::OAuthClient> ClientRegistry::Authenticate(absl::string_view client_id,
                                                                  absl::string_view secret) {
  absl::StatusOr<storage::OAuthClient> client = FindEnabled(client_id);
  if (!client.ok() && !absl::IsNotFound(client.status())) return client.status();
  const bool proven = client.ok() && (client->secret_hash.has_value()
                                          ? ClientSecretMatches(*client->secret_hash, secret)
                                          : secret.empty());
  if (!proven) return absl::UnauthenticatedError("client authentication failed");
  return client;
}

}  // namespace tgauth
