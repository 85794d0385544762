// Sessions (one per sign-in, any number per user) and their refresh tokens.
// PostgreSQL in production. Refresh tokens are stored only as SHA-256.
#ifndef TGAUTH_STORAGE_SESSION_STORE_H_
#define TGAUTH_STORAGE_SESSION_STORE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/device_info.h"

namespace tgauth::storage {

struct NewSession {
  std::string user_id;
  std::string sign_in_method;  // e.g. "qr".
  DeviceInfo device;
  std::string refresh_token_hash;  // SHA-256 of the refresh token, 32 raw bytes.
  absl::Time created_at;
  absl::Time expires_at;                // End of the session's absolute lifetime.
  absl::Time refresh_token_expires_at;  // End of the refresh token's idle lifetime.
};

struct SessionRecord {
  std::string id;  // UUID, assigned by the store.
  std::string user_id;
  std::string sign_in_method;
  DeviceInfo device;
  absl::Time created_at;
  absl::Time expires_at;
  bool revoked = false;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // Inserts the session and its first refresh token atomically: both rows or
  // neither. FAILED_PRECONDITION if `user_id` names no user; ALREADY_EXISTS
  // if the refresh token hash is taken; UNAVAILABLE if unreachable.
  virtual absl::StatusOr<SessionRecord> Create(const NewSession& session) = 0;

  // The user's sessions, oldest first; empty if there are none.
  virtual absl::StatusOr<std::vector<SessionRecord>> ListByUser(std::string_view user_id) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_SESSION_STORE_H_
