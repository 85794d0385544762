#include "server/oauth/client_administration.h"

#include <utility>

#include "server/oauth/client_id.h"
#include "server/oauth/client_secret.h"

namespace tgauth {

absl::StatusOr<ClientWithSecret> OAuthClientAdministration::Create(const NewOAuthClient& request) {
  if (absl::Status s = ValidateClientId(request.client_id); !s.ok()) return s;
  if (absl::Status s = ValidateClientSettings(request.settings); !s.ok()) return s;
  ClientWithSecret created;
  if (request.confidential) {
    absl::StatusOr<ClientSecret> secret = NewClientSecret();
    if (!secret.ok()) return secret.status();
    created.secret = std::move(secret->secret);
    created.client.secret_hash = std::move(secret->hash);
  }
  const absl::Time now = clock_.Now();
  storage::OAuthClient& client = created.client;
  client.client_id = request.client_id;
  ApplySettings(request.settings, client);
  client.source = storage::OAuthClientSource::kAdmin;
  client.created_at = now;
  client.updated_at = now;
  if (absl::Status s = clients_.Create(client); !s.ok()) return s;
  return created;
}

absl::StatusOr<storage::OAuthClient> OAuthClientAdministration::Get(absl::string_view client_id) {
  if (absl::Status s = ValidateClientId(client_id); !s.ok()) return s;
  return clients_.Find(client_id);
}

absl::StatusOr<std::vector<storage::OAuthClient>> OAuthClientAdministration::List() {
  return clients_.List(kListLimit);
}

absl::StatusOr<storage::OAuthClient> OAuthClientAdministration::Update(
    absl::string_view client_id, const OAuthClientSettings& settings) {
  if (absl::Status s = ValidateClientId(client_id); !s.ok()) return s;
  if (absl::Status s = ValidateClientSettings(settings); !s.ok()) return s;
  storage::OAuthClient client{.client_id = std::string(client_id), .updated_at = clock_.Now()};
  ApplySettings(settings, client);
  return clients_.Update(client);
}

absl::StatusOr<ClientWithSecret> OAuthClientAdministration::RotateSecret(
    absl::string_view client_id) {
  if (absl::Status s = ValidateClientId(client_id); !s.ok()) return s;
  absl::StatusOr<ClientSecret> secret = NewClientSecret();
  if (!secret.ok()) return secret.status();
  absl::StatusOr<storage::OAuthClient> client =
      clients_.ReplaceSecretHash(client_id, secret->hash, clock_.Now());
  if (absl::IsFailedPrecondition(client.status())) {
    return absl::FailedPreconditionError(
        "client_id names a public client (PKCE only): it has no secret to rotate");
  }
  if (!client.ok()) return client.status();
  return ClientWithSecret{.client = *std::move(client), .secret = std::move(secret->secret)};
}

absl::StatusOr<storage::OAuthClient> OAuthClientAdministration::Disable(
    absl::string_view client_id) {
  if (absl::Status s = ValidateClientId(client_id); !s.ok()) return s;
  return clients_.Disable(client_id, clock_.Now());
}

}  // namespace tgauth
