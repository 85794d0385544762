// A secret two processes share and present to each other: the admin token,
// the gateway token, the webhook secret. Only its SHA-256 is kept in memory;
// a presented value is hashed and compared in constant time, so neither the
// secret's content nor its length shows in the time a check takes.
#ifndef TGAUTH_COMMON_SHARED_SECRET_H_
#define TGAUTH_COMMON_SHARED_SECRET_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth {

// The gRPC metadata key under which tgauth-gateway presents the gateway
// token on every call, so the server trusts the device facts it relays.
inline constexpr char kGatewayTokenMetadata[] = "x-tgauth-gateway-token";

// Fewer bytes than this is no token worth the name (`openssl rand -base64
// 32` makes 44).
inline constexpr size_t kMinSharedTokenBytes = 32;

class SharedSecret {
 public:
  // No secret configured: Matches is false for everything.
  SharedSecret() = default;
  // `secret` as configured; surrounding whitespace (a file's trailing
  // newline) is not part of it. Empty after trimming: none configured.
  explicit SharedSecret(absl::string_view secret);

  // True if `token`, trimmed, has at least kMinSharedTokenBytes bytes and
  // no whitespace or control characters inside: the rule for the admin and
  // gateway tokens.
  static bool IsAcceptableToken(absl::string_view token);

  // True if a secret is configured and `presented` (as sent, untrimmed) is
  // it. Constant time in the secret (both sides are hashed first).
  bool Matches(absl::string_view presented) const;

  bool configured() const { return !hash_.empty(); }

 private:
  std::string hash_;  // SHA-256 of the secret; empty: none.
};

// The token in the file at `path` (common/secret_file.h's ReadSecretFile,
// so the file must be private), trimmed. FAILED_PRECONDITION, naming the
// file, if it is not an acceptable token (SharedSecret::IsAcceptableToken);
// otherwise ReadSecretFile's errors.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_SHARED_SECRET_H_
