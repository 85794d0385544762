#include "storage/postgres/postgres_oauth_client_store.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "storage/postgres/queries.h"
#include "storage/postgres/text_array.h"

namespace tgauth::storage {
namespace {

constexpr char kNoSuchClient[] = "no such oauth client";

absl::string_view SourceName(OAuthClientSource source) {
  return source == OAuthClientSource::kConfig ? "config" : "admin";
}

// The columns of every query returning clients (find_oauth_client.sql, ...).
OAuthClient FromRow(const pqxx::row& row) {
  OAuthClient client;
  client.client_id = row[0].as<std::string>();
  client.name = row[1].as<std::string>();
  if (!row[2].is_null()) client.secret_hash = pqxx::binarystring(row[2]).str();
  client.redirect_uris = FromSqlTextArray(row[3]);
  client.post_logout_redirect_uris = FromSqlTextArray(row[4]);
  client.allowed_scopes = FromSqlTextArray(row[5]);
  client.backchannel_logout_uri = row[6].as<std::string>();
  client.may_introspect_any = row[7].as<bool>();
  client.source =
      row[8].as<std::string>() == "config" ? OAuthClientSource::kConfig : OAuthClientSource::kAdmin;
  client.created_at = FromSqlMicros(row[9]);
  client.updated_at = FromSqlMicros(row[10]);
  client.disabled_at = OptionalTime(row[11]);
  return client;
}

// The one row an UPDATE ... RETURNING wrote, or NOT_FOUND.
absl::Status OneClient(const pqxx::result& rows, OAuthClient& client) {
  if (rows.empty()) return absl::NotFoundError(kNoSuchClient);
  client = FromRow(rows[0]);
  return absl::OkStatus();
}

}  // namespace

absl::Status PostgresOAuthClientStore::Create(const OAuthClient& client) {
  std::string disabled_at;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    // Hex, '' for NULL (insert_oauth_client.sql): libpqxx 6.4 binds no
    // optional bytea.
    const std::string secret_hash =
        client.secret_hash.has_value() ? absl::BytesToHexString(*client.secret_hash) : "";
    Exec(tx, queries::kInsertOauthClient, client.client_id, client.name, secret_hash,
         ToSqlTextArray(client.redirect_uris), ToSqlTextArray(client.post_logout_redirect_uris),
         ToSqlTextArray(client.allowed_scopes), client.backchannel_logout_uri,
         client.may_introspect_any, std::string(SourceName(client.source)),
         ToSqlTime(client.created_at), ToSqlTime(client.updated_at),
         OptionalSqlTime(client.disabled_at, disabled_at));
    return absl::OkStatus();
  });
  if (absl::IsAlreadyExists(status)) return absl::AlreadyExistsError("oauth client already exists");
  return status;
}

absl::StatusOr<OAuthClient> PostgresOAuthClientStore::Find(absl::string_view client_id) {
  OAuthClient client;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    return OneClient(Exec(tx, queries::kFindOauthClient, std::string(client_id)), client);
  });
  if (!status.ok()) return status;
  return client;
}

absl::StatusOr<std::vector<OAuthClient>> PostgresOAuthClientStore::List(int limit) {
  std::vector<OAuthClient> clients;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    clients.clear();
    for (const pqxx::row& row : Exec(tx, queries::kListOauthClients, limit))
      clients.push_back(FromRow(row));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return clients;
}

absl::StatusOr<OAuthClient> PostgresOAuthClientStore::Update(const OAuthClient& client) {
  OAuthClient updated;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    return OneClient(
        Exec(tx, queries::kUpdateOauthClient, client.client_id, client.name,
             ToSqlTextArray(client.redirect_uris), ToSqlTextArray(client.post_logout_redirect_uris),
             ToSqlTextArray(client.allowed_scopes), client.backchannel_logout_uri,
             client.may_introspect_any, ToSqlTime(client.updated_at)),
        updated);
  });
  if (!status.ok()) return status;
  return updated;
}

absl::StatusOr<OAuthClient> PostgresOAuthClientStore::ReplaceSecretHash(
    absl::string_view client_id, absl::string_view secret_hash, absl::Time now) {
  OAuthClient client;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) -> absl::Status {
    const std::string id(client_id);
    pqxx::result rows = Exec(tx, queries::kReplaceOauthClientSecretHash, id,
                             pqxx::binarystring(std::string(secret_hash)), ToSqlTime(now));
    if (!rows.empty()) return OneClient(rows, client);
    if (absl::Status s = OneClient(Exec(tx, queries::kFindOauthClient, id), client); !s.ok()) {
      return s;
    }
    return absl::FailedPreconditionError("public oauth client has no secret");
  });
  if (!status.ok()) return status;
  return client;
}

absl::StatusOr<OAuthClient> PostgresOAuthClientStore::Disable(absl::string_view client_id,
                                                              absl::Time now) {
  OAuthClient client;
  absl::Status status = db_.Transact([&](pqxx::transaction_base& tx) {
    return OneClient(Exec(tx, queries::kDisableOauthClient, std::string(client_id), ToSqlTime(now)),
                     client);
  });
  if (!status.ok()) return status;
  return client;
}

}  // namespace tgauth::storage
