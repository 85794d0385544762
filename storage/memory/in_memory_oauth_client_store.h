// OAuthClientStore in memory, for unit tests of domain logic. Thread-safe.
// Same contracts as PostgresOAuthClientStore (tests/storage).
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_OAUTH_CLIENT_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_OAUTH_CLIENT_STORE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "storage/memory/fake_support.h"
#include "storage/oauth_client_store.h"

namespace tgauth::storage {

class InMemoryOAuthClientStore final : public OAuthClientStore {
 public:
  absl::Status Create(const OAuthClient& client) override;
  absl::StatusOr<OAuthClient> Find(absl::string_view client_id) override;
  absl::StatusOr<std::vector<OAuthClient>> List(int limit) override;
  absl::StatusOr<OAuthClient> Update(const OAuthClient& client) override;
  absl::StatusOr<OAuthClient> ReplaceSecretHash(absl::string_view client_id,
                                                absl::string_view secret_hash,
                                                absl::Time now) override;
  absl::StatusOr<OAuthClient> Disable(absl::string_view client_id, absl::Time now) override;

  // True if a client has this id, enabled or not (InMemorySessionStore's
  // foreign key). Never fails.
  bool Contains(absl::string_view client_id) const;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

 private:
  FailureInjector failures_;
  mutable absl::Mutex mu_;
  // By client_id; std::map keeps the byte order List returns.
  std::map<std::string, OAuthClient, std::less<>> clients_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_OAUTH_CLIENT_STORE_H_
