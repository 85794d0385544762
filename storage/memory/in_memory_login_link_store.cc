#include "storage/memory/in_memory_login_link_store.h"

#include "absl/strings/string_view.h"

namespace tgauth::storage {

absl::Status InMemoryLoginLinkStore::Create(absl::string_view key, const LoginLink& link,
                                            absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (link.expires_at <= now) return absl::InvalidArgumentError("login link already expired");
  absl::MutexLock lock(&mu_);
  auto it = links_.find(std::string(key));
  if (it != links_.end() && clock_.Now() < it->second.expires_at) {
    return absl::AlreadyExistsError("login link key already exists");
  }
  LoginLink stored = link;
  stored.expires_at = ToStoredPrecision(link.expires_at);
  links_.insert_or_assign(std::string(key), std::move(stored));
  return absl::OkStatus();
}

absl::StatusOr<LoginLink> InMemoryLoginLinkStore::Consume(absl::string_view key) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = links_.find(std::string(key));
  if (it == links_.end()) return absl::NotFoundError("no such login link");
  LoginLink link = std::move(it->second);
  links_.erase(it);
  if (clock_.Now() >= link.expires_at) return absl::NotFoundError("no such login link");
  return link;
}

absl::StatusOr<LoginLink> InMemoryLoginLinkStore::Find(absl::string_view key) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = links_.find(std::string(key));
  if (it == links_.end() || clock_.Now() >= it->second.expires_at) {
    return absl::NotFoundError("no such login link");
  }
  return it->second;
}

size_t InMemoryLoginLinkStore::size() const {
  absl::MutexLock lock(&mu_);
  return links_.size();
}

}  // namespace tgauth::storage
