// The operator credential of AdminService: one bearer token (RFC 6750
// section 2.1, metadata `authorization: Bearer <admin token>`), read from
// --admin_token_file. Only its SHA-256 is kept in memory; presented tokens
// are hashed and compared in constant time.
#ifndef TGAUTH_SERVER_RPC_ADMIN_CREDENTIALS_H_
#define TGAUTH_SERVER_RPC_ADMIN_CREDENTIALS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tgauth {

// Fewer bytes than this is no secret worth the name (`openssl rand -base64
// 32` makes 44).
inline constexpr size_t kMinAdminTokenBytes = 32;

class AdminCredentials {
 public:
  // No admin token: every call is refused (the admin API is off).
  AdminCredentials() = default;
  // `token` as read from the file; surrounding whitespace (a trailing
  // newline) is ignored. Check it with IsAcceptableToken first.
  explicit AdminCredentials(absl::string_view token);

  // True if `token`, trimmed, has at least kMinAdminTokenBytes bytes and no
  // whitespace or control characters inside.
  static bool IsAcceptableToken(absl::string_view token);

  // Checks the value of the caller's `authorization` metadata (empty when
  // absent). PERMISSION_DENIED if no admin token is configured;
  // UNAUTHENTICATED if the header is missing, not a Bearer credential, or
  // not the admin token.
  absl::Status Authenticate(absl::string_view authorization) const;

  bool enabled() const { return !token_hash_.empty(); }

 private:
  std::string token_hash_;  // SHA-256 of the token; empty: no token.
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_ADMIN_CREDENTIALS_H_
