#include "server/oauth/configured_clients.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/secret_file.h"
#include "common/secure_token.h"
#include "server/oauth/client_id.h"
#include "server/oauth/client_settings.h"

namespace tgauth {
namespace {

// A listed client, checked: as it is to be stored.
struct Checked {
  OAuthClientSettings settings;
  storage::OAuthClient client;
};

absl::Status CheckSecret(absl::string_view secret) {
  if (secret.size() < kMinConfiguredSecretChars || secret.size() > kMaxConfiguredSecretChars ||
      !std::all_of(secret.begin(), secret.end(), [](char c) { return c > ' ' && c < 0x7f; })) {
    return absl::InvalidArgumentError(
        absl::StrCat("client_secret must be ", kMinConfiguredSecretChars, " to ",
                     kMaxConfiguredSecretChars, " printable ASCII characters without spaces"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Checked> Check(const v1::ConfiguredOAuthClient& listed, absl::Time now) {
  if (absl::Status s = ValidateClientId(listed.client_id()); !s.ok()) return s;
  Checked checked;
  OAuthClientSettings& settings = checked.settings;
  settings = {
      .name = listed.name(),
      .redirect_uris = {listed.redirect_uris().begin(), listed.redirect_uris().end()},
      .post_logout_redirect_uris = {listed.post_logout_redirect_uris().begin(),
                                    listed.post_logout_redirect_uris().end()},
      .allowed_scopes = {listed.allowed_scopes().begin(), listed.allowed_scopes().end()},
      .backchannel_logout_uri = listed.backchannel_logout_uri(),
      .may_introspect_any = listed.may_introspect_any(),
  };
  if (absl::Status s = ValidateClientSettings(settings); !s.ok()) return s;
  storage::OAuthClient& client = checked.client;
  client.client_id = listed.client_id();
  ApplySettings(settings, client);
  if (!listed.client_secret().empty()) {
    if (absl::Status s = CheckSecret(listed.client_secret()); !s.ok()) return s;
    client.secret_hash = Sha256(listed.client_secret());
  }
  client.source = storage::OAuthClientSource::kConfig;
  client.created_at = now;
  client.updated_at = now;
  return checked;
}

// Brings the stored `client_id` up to `wanted`, or creates it.
absl::Status Register(const Checked& checked, storage::OAuthClientStore& store) {
  const storage::OAuthClient& wanted = checked.client;
  // Two replicas starting at once may both find it missing: the second
  // Create fails and, once more, finds the first's.
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<storage::OAuthClient> stored = store.Find(wanted.client_id);
    if (absl::IsNotFound(stored.status())) {
      absl::Status created = store.Create(wanted);
      if (absl::IsAlreadyExists(created) && attempt == 0) continue;
      return created;
    }
    if (!stored.ok()) return stored.status();
    if (stored->source != storage::OAuthClientSource::kConfig) {
      return absl::FailedPreconditionError(
          "an operator registered this client_id (AdminService); the configuration does not "
          "take it over: choose another client_id");
    }
    if (stored->secret_hash.has_value() != wanted.secret_hash.has_value()) {
      return absl::FailedPreconditionError(
          "a client cannot change between public and confidential: give it a new client_id");
    }
    storage::OAuthClient updated = *stored;
    ApplySettings(checked.settings, updated);
    if (updated != *stored) {
      updated.updated_at = wanted.updated_at;
      if (absl::Status s = store.Update(updated).status(); !s.ok()) return s;
    }
    if (stored->secret_hash != wanted.secret_hash) {
      return store.ReplaceSecretHash(wanted.client_id, *wanted.secret_hash, wanted.updated_at)
          .status();
    }
    return absl::OkStatus();
  }
}

}  // namespace

absl::StatusOr<v1::ConfiguredOAuthClientList> ReadConfiguredClientsFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadSecretFile(path);
  if (!text.ok()) return text.status();
  v1::ConfiguredOAuthClientList list;
  if (!google::protobuf::util::JsonStringToMessage(*text, &list).ok()) {
    // The parser's message may quote the file, secrets included.
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        " is not an OAuth client list (ConfiguredOAuthClientList, proto/tgauth/v1/oauth.proto)"));
  }
  return list;
}

absl::Status RegisterConfiguredClients(const v1::ConfiguredOAuthClientList& list,
                                       storage::OAuthClientStore& store, const Clock& clock) {
  const absl::Time now = clock.Now();
  std::vector<Checked> clients;
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < list.clients_size(); ++i) {
    const v1::ConfiguredOAuthClient& listed = list.clients(i);
    const std::string which =
        absl::StrCat("OAuth client ", i + 1, " (\"", listed.client_id(), "\"): ");
    absl::StatusOr<Checked> checked = Check(listed, now);
    if (!checked.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(which, checked.status().message()));
    }
    if (!ids.insert(listed.client_id()).second) {
      return absl::InvalidArgumentError(absl::StrCat(which, "client_id is listed twice"));
    }
    clients.push_back(*std::move(checked));
  }
  for (const Checked& checked : clients) {
    if (absl::Status s = Register(checked, store); !s.ok()) {
      return absl::Status(
          s.code(), absl::StrCat("OAuth client \"", checked.client.client_id, "\": ", s.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace tgauth
