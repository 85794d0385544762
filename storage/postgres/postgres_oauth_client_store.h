// OAuthClientStore on PostgreSQL (table oauth_clients,
// storage/postgres/migrations/0010_oauth_clients.sql).
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_OAUTH_CLIENT_STORE_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_OAUTH_CLIENT_STORE_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "storage/oauth_client_store.h"
#include "storage/postgres/postgres_database.h"

namespace tgauth::storage {

class PostgresOAuthClientStore final : public OAuthClientStore {
 public:
  // `db` must outlive the store.
  explicit PostgresOAuthClientStore(PostgresDatabase& db) : db_(db) {}

  // ALREADY_EXISTS if the client_id is taken (primary key).
  absl::Status Create(const OAuthClient& client) override;
  absl::StatusOr<OAuthClient> Find(absl::string_view client_id) override;
  // Ordered by client_id under the "C" collation (byte order).
  absl::StatusOr<std::vector<OAuthClient>> List(int limit) override;
  absl::StatusOr<OAuthClient> Update(const OAuthClient& client) override;
  // One conditional UPDATE; only when it matches no row, a read tells
  // NOT_FOUND from FAILED_PRECONDITION, in the same transaction.
  absl::StatusOr<OAuthClient> ReplaceSecretHash(absl::string_view client_id,
                                                absl::string_view secret_hash,
                                                absl::Time now) override;
  absl::StatusOr<OAuthClient> Disable(absl::string_view client_id, absl::Time now) override;

 private:
  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_OAUTH_CLIENT_STORE_H_
