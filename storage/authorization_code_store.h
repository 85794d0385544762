// Authorization codes of the OAuth 2.1 authorization code grant (RFC 6749
// section 4.1, with PKCE): handed to the client's redirect URI after the
// user signed in, exchanged once at the token endpoint. Redis in
// production: ephemeral, shared by every replica, expiring by TTL. A code
// is kept only as the hex SHA-256 of its text.
#ifndef TGAUTH_STORAGE_AUTHORIZATION_CODE_STORE_H_
#define TGAUTH_STORAGE_AUTHORIZATION_CODE_STORE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/device_info.h"

namespace tgauth::storage {

// How long a code may be exchanged: short, since it travels in a URL.
inline constexpr absl::Duration kAuthorizationCodeLifetime = absl::Seconds(60);
// How long a redeemed code is remembered, so that a second exchange is
// recognised as reuse (RFC 6749 section 4.1.2) rather than as unknown.
inline constexpr absl::Duration kRedeemedCodeRetention = absl::Minutes(10);

// What a code grants, fixed when it is issued.
struct AuthorizationCode {
  std::string client_id;       // Required.
  std::string redirect_uri;    // Required: the token request repeats it (RFC 6749 4.1.3).
  std::string scope;           // Space-separated scope tokens (RFC 6749 3.3); may be empty.
  std::string nonce;           // OpenID Connect Core 3.1.2.1; empty if the request had none.
  std::string code_challenge;  // Required: the PKCE S256 challenge (server/oauth/pkce.h).
  std::string user_id;         // Required: the signed-in tgauth user (UUID).
  absl::Time auth_time;        // When the user signed in (whole microseconds).
  std::string sign_in_method;  // Required: how they signed in ("qr", "widget", ...).
  DeviceInfo device;           // The browser that asked.

  friend bool operator==(const AuthorizationCode&, const AuthorizationCode&) = default;
};

// INVALID_ARGUMENT naming the first required field of `code` that is empty.
absl::Status ValidateAuthorizationCode(const AuthorizationCode& code);

enum class CodeRedemption {
  kFirst,   // This call redeemed the code: issue tokens.
  kReused,  // Redeemed before: refuse, and revoke what the first redemption issued.
};

struct RedeemedCode {
  CodeRedemption redemption = CodeRedemption::kFirst;
  AuthorizationCode code;
  // The session the first redemption created (RecordSession); empty until
  // recorded, and always empty on kFirst.
  std::string session_id;
};

class AuthorizationCodeStore {
 public:
  virtual ~AuthorizationCodeStore() = default;

  // Makes a new code (kTokenBytes from OpenSSL's CSPRNG, common/secure_token.h)
  // for `code`, exchangeable for `lifetime` (kAuthorizationCodeLifetime in
  // production), and returns its text. INVALID_ARGUMENT (nothing stored)
  // if a required field is empty or `lifetime` is not positive; UNAVAILABLE
  // if the store is unreachable (nothing stored).
  virtual absl::StatusOr<std::string> Issue(const AuthorizationCode& code,
                                            absl::Duration lifetime) = 0;

  // Atomically: the first call on an issued, unexpired code marks it
  // redeemed, keeps it `retain_for` from now (kRedeemedCodeRetention in
  // production) and answers kFirst; every later call within that time
  // answers kReused with the recorded session id. Of concurrent calls,
  // exactly one gets kFirst. NOT_FOUND if unknown, expired before
  // redemption, or redeemed more than `retain_for` ago; INVALID_ARGUMENT
  // (nothing changed) for a malformed code or a non-positive `retain_for`;
  // UNAVAILABLE if the store is unreachable (then the code may be spent).
  virtual absl::StatusOr<RedeemedCode> Redeem(absl::string_view code,
                                              absl::Duration retain_for) = 0;

  // Records `session_id` as the session the redemption of `code` created,
  // for reuse to revoke. Idempotent for the same id. NOT_FOUND if no such
  // code is kept; FAILED_PRECONDITION if it was not redeemed yet;
  // ALREADY_EXISTS if another session id is recorded; INVALID_ARGUMENT for
  // a malformed code or an empty session id; UNAVAILABLE if unreachable.
  // Nothing changes on any error.
  virtual absl::Status RecordSession(absl::string_view code, absl::string_view session_id) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_AUTHORIZATION_CODE_STORE_H_
