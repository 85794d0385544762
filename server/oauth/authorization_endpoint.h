// The authorization endpoint of the authorization code flow (RFC 6749
// section 4.1.1 and 4.1.2, OAuth 2.1, OpenID Connect Core 1.0 section
// 3.1.2): checks a client's request, keeps it while the person signs in on
// tgauth's own page, then answers the client's redirect URI with a
// single-use code bound to the client, the redirect URI and the PKCE
// challenge (RFC 7636), or with an error.
//
// The person signs in to tgauth itself first (the QR login, or the session
// this browser already has), and grants the request with that session: its
// sign-in time is the `auth_time` the code attests, so a second client
// asking later is answered without a new scan unless it asks for one
// (`prompt=login`, `max_age`).
#ifndef TGAUTH_SERVER_OAUTH_AUTHORIZATION_ENDPOINT_H_
#define TGAUTH_SERVER_OAUTH_AUTHORIZATION_ENDPOINT_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "server/oauth/client_registry.h"
#include "storage/authorization_code_store.h"
#include "storage/authorization_request_store.h"
#include "storage/session_store.h"

namespace tgauth {

// Bounds on what a client may make tgauth keep for it, in bytes.
inline constexpr size_t kMaxStateBytes = 1024;
inline constexpr size_t kMaxNonceBytes = 512;

// The query parameters of an authorization request, as sent.
struct AuthorizationParameters {
  absl::flat_hash_map<std::string, std::string> values;
  std::vector<std::string> repeated;  // Names sent more than once.
};

// What Start() decided: exactly one of the two is set.
struct AuthorizationStart {
  std::string handle;          // Accepted: the sign-in page continues with this.
  std::string error_redirect;  // Refused: send the browser here.
};

// What the sign-in page shows of a request.
struct AuthorizationSummary {
  std::string client_id;
  std::string client_name;
  std::vector<std::string> scopes;
  std::string prompt;  // "", "none" or "login".
};

// The person who grants a request: the session of theirs with tgauth that
// the page holds (its access token's `sub` and `sid`).
struct AuthorizingSession {
  std::string user_id;
  std::string session_id;
};

class AuthorizationEndpoint {
 public:
  // `issuer` is the `iss` of every response (RFC 9207) and must equal the
  // discovery document's. The references must outlive the endpoint.
  AuthorizationEndpoint(std::string issuer, ClientRegistry& clients,
                        storage::AuthorizationRequestStore& requests,
                        storage::AuthorizationCodeStore& codes, storage::SessionStore& sessions,
                        const Clock& clock)
      : issuer_(std::move(issuer)),
        clients_(clients),
        requests_(requests),
        codes_(codes),
        sessions_(sessions),
        clock_(clock) {}

  // Checks a request in RFC 6749 section 4.1.2.1's order. INVALID_ARGUMENT
  // (never redirected: the browser shows it) when client_id or
  // redirect_uri is missing, repeated, unknown, or the URI is not one the
  // client registered, byte for byte. Every other fault is an
  // error_redirect: `unsupported_response_type` for a response_type other
  // than "code"; `invalid_scope` for a scope that is unknown or not allowed
  // for the client; `invalid_request` for a missing or non-S256 PKCE
  // challenge, a repeated parameter, an unknown prompt, a malformed max_age,
  // an oversized state or nonce; `request_not_supported` /
  // `request_uri_not_supported` for request objects (OpenID Connect Core
  // section 6). UNAVAILABLE if a store is unreachable.
  absl::StatusOr<AuthorizationStart> Start(const AuthorizationParameters& parameters);

  // The request under `handle`, left in place. INVALID_ARGUMENT for a
  // malformed handle; NOT_FOUND if unknown, expired, finished, or its
  // client was disabled since; UNAVAILABLE.
  absl::StatusOr<AuthorizationSummary> Describe(absl::string_view handle);

  // Grants the request under `handle` for `who`: uses it up, issues a code
  // (storage::kAuthorizationCodeLifetime) attesting the sign-in of `who`'s
  // session, and returns the redirect carrying it. FAILED_PRECONDITION,
  // using nothing up, if that sign-in happened before a `prompt=login`
  // request was made or more than its `max_age` ago; UNAUTHENTICATED if the
  // session is not `who`'s, has ended, or belongs to an OAuth client (only
  // the person's own session with tgauth grants); NOT_FOUND and INVALID_ARGUMENT as
  // Describe(); UNAVAILABLE.
  absl::StatusOr<std::string> Complete(absl::string_view handle, const AuthorizingSession& who);

  // Ends the request under `handle` with `error` ("access_denied" or
  // "login_required") and returns that redirect. INVALID_ARGUMENT for
  // another error; NOT_FOUND as Describe(); UNAVAILABLE.
  absl::StatusOr<std::string> Deny(absl::string_view handle, absl::string_view error);

 private:
  // The redirect of an error for `request`'s client.
  std::string ErrorRedirect(const storage::AuthorizationRequest& request, absl::string_view error,
                            absl::string_view description) const;

  const std::string issuer_;
  ClientRegistry& clients_;
  storage::AuthorizationRequestStore& requests_;
  storage::AuthorizationCodeStore& codes_;
  storage::SessionStore& sessions_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_AUTHORIZATION_ENDPOINT_H_
