// The operator credential of AdminService: one bearer token (RFC 6750
// section 2.1, metadata `authorization: Bearer <admin token>`), read from
// --admin_token_file, kept as a SharedSecret (common/shared_secret.h).
#ifndef TGAUTH_SERVER_RPC_ADMIN_CREDENTIALS_H_
#define TGAUTH_SERVER_RPC_ADMIN_CREDENTIALS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/shared_secret.h"

namespace tgauth {

class AdminCredentials {
 public:
  // No admin token: every call is refused (the admin API is off).
  AdminCredentials() = default;
  // `token` as read from the file; surrounding whitespace (a trailing
  // newline) is ignored. Check it with IsAcceptableToken first.
  explicit AdminCredentials(absl::string_view token);

  // SharedSecret::IsAcceptableToken: at least 32 printable bytes.
  static bool IsAcceptableToken(absl::string_view token) {
    return SharedSecret::IsAcceptableToken(token);
  }

  // Checks the value of the caller's `authorization` metadata (empty when
  // absent). PERMISSION_DENIED if no admin token is configured;
  // UNAUTHENTICATED if the header is missing, not a Bearer credential, or
  // not the admin token.
  absl::Status Authenticate(absl::string_view authorization) const;

  bool enabled() const { return token_.configured(); }

 private:
  SharedSecret token_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_ADMIN_CREDENTIALS_H_
