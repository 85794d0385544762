// Who may call AdminService: named operators, each with a bearer token
// (RFC 6750 section 2.1, metadata `authorization: Bearer <token>`). The
// server keeps only each token's SHA-256, read from
// --operator_credentials_file, one operator per line:
//
//   # comment
//   alice:3b1f...e9   (name, ':', the token's SHA-256 in hex, 64 digits)
//
// (scripts/add-operator makes a token and its line). The token of
// --admin_token_file, if any, is one more operator, named "admin". A
// presented token is hashed and compared with every entry in constant time.
#ifndef TGAUTH_SERVER_RPC_OPERATOR_CREDENTIALS_H_
#define TGAUTH_SERVER_RPC_OPERATOR_CREDENTIALS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/shared_secret.h"

namespace tgauth {

// The operator --admin_token_file's token stands for.
inline constexpr char kAdminTokenOperator[] = "admin";

class OperatorCredentials {
 public:
  // No operator: every call is refused (the admin API is off).
  OperatorCredentials() = default;

  // The operators of a credentials file's `contents` (format above).
  // INVALID_ARGUMENT, naming the line, for a malformed line, a name that is
  // not 1-64 of a-z A-Z 0-9 . _ -, or a name or hash given twice.
  static absl::StatusOr<OperatorCredentials> Parse(absl::string_view contents);

  // Adds operator `name` holding `token` (as read from a file: surrounding
  // whitespace ignored; check it with IsAcceptableToken first).
  // INVALID_ARGUMENT as Parse.
  absl::Status AddToken(absl::string_view name, absl::string_view token);

  // SharedSecret::IsAcceptableToken: at least 32 printable bytes.
  static bool IsAcceptableToken(absl::string_view token) {
    return SharedSecret::IsAcceptableToken(token);
  }

  // The name of the operator whose token the caller's `authorization`
  // metadata value (empty when absent) presents. PERMISSION_DENIED if no
  // operator is configured; UNAUTHENTICATED if the header is missing, not
  // a Bearer credential, or no operator's token.
  absl::StatusOr<std::string> Authenticate(absl::string_view authorization) const;

  bool enabled() const { return !operators_.empty(); }

 private:
  struct Entry {
    std::string name;
    std::string token_hash;  // SHA-256, 32 raw bytes.
  };
  // INVALID_ARGUMENT for a bad name, or a name or hash already present.
  absl::Status Add(absl::string_view name, std::string token_hash);

  std::vector<Entry> operators_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_OPERATOR_CREDENTIALS_H_
