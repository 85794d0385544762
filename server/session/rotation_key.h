// The secret that derives each refresh token's successor, so tgauth can keep
// only hashes of refresh tokens and still hand a concurrent tab the current
// pair (RFC 9700 section 4.14.2, grace window): a rotated token's row holds
// SHA-256(successor), and successor = base64url(HMAC-SHA256(key, token)),
// which only the token's holder and the key's holder can compute. Every
// replica must hold the same key (--refresh_token_key_file).
#ifndef TGAUTH_SERVER_SESSION_ROTATION_KEY_H_
#define TGAUTH_SERVER_SESSION_ROTATION_KEY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth {

class RotationKey {
 public:
  static constexpr int kMinBytes = 32;  // HMAC-SHA256's full strength.

  // The key from a file's contents (e.g. `openssl rand -out FILE 32`).
  // INVALID_ARGUMENT if shorter than kMinBytes.
  static absl::StatusOr<std::unique_ptr<RotationKey>> FromBytes(std::string bytes);

  // A key of kMinBytes from the CSPRNG, valid for this process only.
  // INTERNAL if the CSPRNG fails.
  static absl::StatusOr<std::unique_ptr<RotationKey>> Generate();

  ~RotationKey();  // Wipes the key from memory.
  RotationKey(const RotationKey&) = delete;
  RotationKey& operator=(const RotationKey&) = delete;

  // The successor of refresh token `token`: 32 bytes of HMAC-SHA256,
  // base64url without padding, the same shape as NewToken(). INTERNAL only
  // if OpenSSL fails.
  absl::StatusOr<std::string> Successor(absl::string_view token) const;

  // The first refresh token of the session that the login with poll token
  // `poll_token` redeems into: base64url(HMAC-SHA256(key, label || poll
  // token)), the label keeping it apart from every Successor(). A redemption
  // retried after a crash recomputes it and so finds the session the first
  // attempt created (SessionIssuer::IssueOnce). Same shape and errors as
  // Successor().
  absl::StatusOr<std::string> RedemptionToken(absl::string_view poll_token) const;

 private:
  // base64url(HMAC-SHA256(key_, message)).
  absl::StatusOr<std::string> Mac(absl::string_view message) const;

  explicit RotationKey(std::string key) : key_(std::move(key)) {}

  std::string key_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_ROTATION_KEY_H_
