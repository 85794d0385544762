#include "storage/memory/in_memory_oauth_client_store.h"

#include <algorithm>

#include "absl/status/status.h"

namespace tgauth::storage {
namespace {

constexpr char kNoSuchClient[] = "no such oauth client";

}  // namespace

absl::Status InMemoryOAuthClientStore::Create(const OAuthClient& client) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  OAuthClient stored = client;
  stored.created_at = ToStoredPrecision(client.created_at);
  stored.updated_at = ToStoredPrecision(client.updated_at);
  if (stored.disabled_at.has_value()) stored.disabled_at = ToStoredPrecision(*stored.disabled_at);
  if (!clients_.emplace(client.client_id, std::move(stored)).second) {
    return absl::AlreadyExistsError("oauth client already exists");
  }
  return absl::OkStatus();
}

absl::StatusOr<OAuthClient> InMemoryOAuthClientStore::Find(absl::string_view client_id) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return absl::NotFoundError(kNoSuchClient);
  return it->second;
}

bool InMemoryOAuthClientStore::Contains(absl::string_view client_id) const {
  absl::MutexLock lock(&mu_);
  return clients_.contains(client_id);
}

absl::StatusOr<std::vector<OAuthClient>> InMemoryOAuthClientStore::List(int limit) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  std::vector<OAuthClient> clients;
  for (const auto& [id, client] : clients_) {
    if (clients.size() >= static_cast<size_t>(std::max(limit, 0))) break;
    clients.push_back(client);
  }
  return clients;
}

absl::StatusOr<OAuthClient> InMemoryOAuthClientStore::Update(const OAuthClient& client) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = clients_.find(client.client_id);
  if (it == clients_.end()) return absl::NotFoundError(kNoSuchClient);
  OAuthClient& stored = it->second;
  stored.name = client.name;
  stored.redirect_uris = client.redirect_uris;
  stored.post_logout_redirect_uris = client.post_logout_redirect_uris;
  stored.allowed_scopes = client.allowed_scopes;
  stored.backchannel_logout_uri = client.backchannel_logout_uri;
  stored.may_introspect_any = client.may_introspect_any;
  stored.updated_at = ToStoredPrecision(client.updated_at);
  return stored;
}

absl::StatusOr<OAuthClient> InMemoryOAuthClientStore::ReplaceSecretHash(
    absl::string_view client_id, absl::string_view secret_hash, absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return absl::NotFoundError(kNoSuchClient);
  OAuthClient& stored = it->second;
  if (!stored.secret_hash.has_value()) {
    return absl::FailedPreconditionError("public oauth client has no secret");
  }
  stored.secret_hash = std::string(secret_hash);
  stored.updated_at = ToStoredPrecision(now);
  return stored;
}

absl::StatusOr<OAuthClient> InMemoryOAuthClientStore::Disable(absl::string_view client_id,
                                                              absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return absl::NotFoundError(kNoSuchClient);
  if (!it->second.disabled_at.has_value()) it->second.disabled_at = ToStoredPrecision(now);
  return it->second;
}

}  // namespace tgauth::storage
