#include "storage/memory/in_memory_authorization_request_store.h"

#include <utility>

#include "common/secure_token.h"
#include "storage/token_key.h"

namespace tgauth::storage {

absl::StatusOr<std::string> InMemoryAuthorizationRequestStore::Put(
    const AuthorizationRequest& request, absl::Duration lifetime) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (absl::Status s = ValidateAuthorizationRequest(request); !s.ok()) return s;
  if (lifetime <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("authorization request lifetime must be positive");
  }
  absl::StatusOr<std::string> handle = NewToken();
  if (!handle.ok()) return handle.status();
  AuthorizationRequest stored = request;
  stored.created_at = ToStoredPrecision(request.created_at);
  if (stored.max_age.has_value()) stored.max_age = absl::Trunc(*stored.max_age, absl::Seconds(1));
  absl::MutexLock lock(&mu_);
  requests_.insert_or_assign(Sha256Hex(*handle), Entry{.request = std::move(stored),
                                                       .expires_at = clock_.Now() + lifetime});
  return handle;
}

absl::StatusOr<InMemoryAuthorizationRequestStore::Map::iterator>
InMemoryAuthorizationRequestStore::Find(absl::string_view handle) {
  absl::StatusOr<std::string> key = TokenKey(handle, "authorization request handle");
  if (!key.ok()) return key.status();
  auto it = requests_.find(*key);
  if (it == requests_.end()) return absl::NotFoundError("no such authorization request");
  if (clock_.Now() >= it->second.expires_at) {
    requests_.erase(it);
    return absl::NotFoundError("no such authorization request");
  }
  return it;
}

absl::StatusOr<AuthorizationRequest> InMemoryAuthorizationRequestStore::Describe(
    absl::string_view handle) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Map::iterator> it = Find(handle);
  if (!it.ok()) return it.status();
  return (*it)->second.request;
}

absl::StatusOr<AuthorizationRequest> InMemoryAuthorizationRequestStore::Consume(
    absl::string_view handle) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Map::iterator> it = Find(handle);
  if (!it.ok()) return it.status();
  AuthorizationRequest request = std::move((*it)->second.request);
  requests_.erase(*it);
  return request;
}

size_t InMemoryAuthorizationRequestStore::size() const {
  absl::MutexLock lock(&mu_);
  return requests_.size();
}

}  // namespace tgauth::storage
