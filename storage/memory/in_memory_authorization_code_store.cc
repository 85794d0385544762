#include "storage/memory/in_memory_authorization_code_store.h"

#include <utility>

#include "common/secure_token.h"
#include "storage/token_key.h"

namespace tgauth::storage {

absl::StatusOr<std::string> InMemoryAuthorizationCodeStore::Issue(const AuthorizationCode& code,
                                                                  absl::Duration lifetime) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (absl::Status s = ValidateAuthorizationCode(code); !s.ok()) return s;
  if (lifetime <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("authorization code lifetime must be positive");
  }
  absl::StatusOr<std::string> text = NewToken();
  if (!text.ok()) return text.status();
  AuthorizationCode stored = code;
  stored.auth_time = ToStoredPrecision(code.auth_time);
  absl::MutexLock lock(&mu_);
  codes_.insert_or_assign(Sha256Hex(*text),
                          Entry{.code = std::move(stored), .expires_at = clock_.Now() + lifetime});
  return text;
}

InMemoryAuthorizationCodeStore::Entry* InMemoryAuthorizationCodeStore::Find(
    const std::string& key) {
  auto it = codes_.find(key);
  if (it == codes_.end()) return nullptr;
  if (clock_.Now() >= it->second.expires_at) {
    codes_.erase(it);
    return nullptr;
  }
  return &it->second;
}

absl::StatusOr<RedeemedCode> InMemoryAuthorizationCodeStore::Redeem(absl::string_view code,
                                                                    absl::Duration retain_for) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::StatusOr<std::string> key = TokenKey(code, "authorization code");
  if (!key.ok()) return key.status();
  if (retain_for <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("redeemed code retention must be positive");
  }
  absl::MutexLock lock(&mu_);
  Entry* entry = Find(*key);
  if (entry == nullptr) return absl::NotFoundError("no such authorization code");
  if (entry->redeemed) {
    return RedeemedCode{CodeRedemption::kReused, entry->code, entry->session_id};
  }
  entry->redeemed = true;
  entry->expires_at = clock_.Now() + retain_for;
  return RedeemedCode{CodeRedemption::kFirst, entry->code, ""};
}

absl::Status InMemoryAuthorizationCodeStore::RecordSession(absl::string_view code,
                                                           absl::string_view session_id) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::StatusOr<std::string> key = TokenKey(code, "authorization code");
  if (!key.ok()) return key.status();
  if (session_id.empty()) return absl::InvalidArgumentError("session id is empty");
  absl::MutexLock lock(&mu_);
  Entry* entry = Find(*key);
  if (entry == nullptr) return absl::NotFoundError("no such authorization code");
  if (!entry->redeemed) return absl::FailedPreconditionError("authorization code not redeemed");
  if (entry->session_id.empty()) entry->session_id = std::string(session_id);
  if (entry->session_id != session_id) {
    return absl::AlreadyExistsError("another session is recorded for this code");
  }
  return absl::OkStatus();
}

size_t InMemoryAuthorizationCodeStore::size() const {
  absl::MutexLock lock(&mu_);
  return codes_.size();
}

}  // namespace tgauth::storage
