// OAuth authorization requests waiting for the user to sign in (RFC 6749
// section 4.1.1, OpenID Connect Core 3.1.2.1): checked once when the client
// sends the browser to the authorization endpoint, then named by an opaque
// handle while the sign-in page runs, and used up by completing or
// cancelling it. Redis in production: ephemeral, shared by every replica,
// expiring by TTL. A handle is kept only as the hex SHA-256 of its text.
#ifndef TGAUTH_STORAGE_AUTHORIZATION_REQUEST_STORE_H_
#define TGAUTH_STORAGE_AUTHORIZATION_REQUEST_STORE_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth::storage {

// How long the user has to sign in once the request was accepted.
inline constexpr absl::Duration kAuthorizationRequestLifetime = absl::Minutes(10);

// A request as accepted: every value already checked against the client.
struct AuthorizationRequest {
  std::string client_id;                  // Required.
  std::string redirect_uri;               // Required: a URI registered for the client.
  std::string scope;                      // Space-separated scope tokens; may be empty.
  std::string state;                      // Returned to the client as sent; may be empty.
  std::string nonce;                      // OpenID Connect Core 3.1.2.1; may be empty.
  std::string code_challenge;             // Required: the PKCE S256 challenge.
  std::string prompt;                     // "", "none" or "login" (OpenID Connect Core 3.1.2.1).
  std::optional<absl::Duration> max_age;  // Whole seconds; unset if not asked.
  absl::Time created_at;                  // Whole microseconds.

  friend bool operator==(const AuthorizationRequest&, const AuthorizationRequest&) = default;
};

// INVALID_ARGUMENT naming the first required field of `request` that is
// empty, or a negative max_age.
absl::Status ValidateAuthorizationRequest(const AuthorizationRequest& request);

class AuthorizationRequestStore {
 public:
  virtual ~AuthorizationRequestStore() = default;

  // Stores `request` for `lifetime` (kAuthorizationRequestLifetime in
  // production) under a new handle (kTokenBytes from OpenSSL's CSPRNG,
  // common/secure_token.h) and returns the handle. INVALID_ARGUMENT
  // (nothing stored) if a required field is empty or `lifetime` is not
  // positive; UNAVAILABLE if the store is unreachable (nothing stored).
  virtual absl::StatusOr<std::string> Put(const AuthorizationRequest& request,
                                          absl::Duration lifetime) = 0;

  // The request under `handle`, left in place. NOT_FOUND if unknown,
  // expired or consumed; INVALID_ARGUMENT for a malformed handle;
  // UNAVAILABLE if the store is unreachable.
  virtual absl::StatusOr<AuthorizationRequest> Describe(absl::string_view handle) = 0;

  // Atomically removes the request under `handle` and returns it: of
  // concurrent calls, exactly one gets it. NOT_FOUND if unknown, expired or
  // consumed; INVALID_ARGUMENT for a malformed handle (nothing changed);
  // UNAVAILABLE if the store is unreachable (then it may be used up).
  virtual absl::StatusOr<AuthorizationRequest> Consume(absl::string_view handle) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_AUTHORIZATION_REQUEST_STORE_H_
