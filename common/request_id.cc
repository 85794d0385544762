#include "common/request_id.h"

#include <openssl/rand.h>

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"

namespace tgauth {

bool IsValidRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdChars) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

std::string NewRequestId() {
  unsigned char bytes[16];
  // A process whose CSPRNG fails cannot issue tokens either; it must not go
  // on with predictable ids.
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) std::abort();
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

std::string RequestIdOrNew(absl::string_view incoming) {
  return IsValidRequestId(incoming) ? std::string(incoming) : NewRequestId();
}

namespace {
thread_local const RequestIdScope* current_scope = nullptr;
}  // namespace

RequestIdScope::RequestIdScope(absl::string_view request_id)
    : request_id_(request_id), outer_(current_scope) {
  current_scope = this;
}

RequestIdScope::~RequestIdScope() { current_scope = outer_; }

absl::string_view CurrentRequestId() {
  return current_scope == nullptr ? absl::string_view() : current_scope->request_id_;
}

}  // namespace tgauth
