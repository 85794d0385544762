// Validation of tgauth's own access tokens, for ValidateAccessToken and for
// the RPCs a user calls with their access token: the ES256 signature by a
// key of the key ring (`kid` selects), `alg`, `iss`, `aud`, `exp` (no
// leeway: tgauth's replicas share a clock source) and `nbf`/`iat` (30 s
// leeway for a replica's clock running ahead) (RFC 7519 section 4.1), and
// that the `sid` session was not revoked as of the revocation list's last
// refresh, at most `kMaxRevocationStaleness` ago.
//
// tgauth's own API accepts first-party tokens only (`typ` JWT, aud =
// --audience): an OAuth client's RFC 9068 token (server/token/
// access_token_signer.h) is meant for that client (its `aud`), and a client
// that holds one must not act as the person on tgauth's own routes (list or
// revoke their other sessions, grant authorizations). The endpoints a
// client itself calls with its token (UserInfo, revocation) use
// ValidateIssued, which accepts both kinds.
#ifndef TGAUTH_SERVER_TOKEN_ACCESS_TOKEN_VALIDATOR_H_
#define TGAUTH_SERVER_TOKEN_ACCESS_TOKEN_VALIDATOR_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "server/token/access_token_signer.h"
#include "server/token/key_ring.h"
#include "server/token/revoked_sessions.h"
#include "server/token/verified_token_cache.h"

namespace tgauth {

class AccessTokenValidator {
 public:
  static constexpr absl::Duration kMaxRevocationStaleness = absl::Seconds(1);

  // All references must outlive the validator.
  AccessTokenValidator(std::string issuer, std::string audience, const KeyRing& keys,
                       const RevokedSessions& revoked, const Clock& clock);

  // The token's claims. UNAUTHENTICATED with the reason (malformed, unknown
  // `kid`, bad signature, wrong issuer or audience, expired, not yet valid,
  // session revoked); UNAVAILABLE if the revocation list is stale (this
  // replica cannot reach PostgreSQL), so a revoked session never passes.
  // A first-party token only: an RFC 9068 token is refused as of the wrong
  // audience.
  absl::StatusOr<AccessTokenClaims> Validate(absl::string_view token) const;

  // As Validate, and also an OAuth client's RFC 9068 token: `typ` at+jwt,
  // `aud` its `client_id` claim (RFC 9068 section 4); then client_id,
  // scope, auth_time and jwt_id are set.
  absl::StatusOr<AccessTokenClaims> ValidateIssued(absl::string_view token) const;

 private:
  // Signature, issuer and audience: what never changes for a given token.
  absl::StatusOr<AccessTokenClaims> Verify(absl::string_view token) const;

  std::string issuer_;
  std::string audience_;
  const KeyRing& keys_;
  const RevokedSessions& revoked_;
  const Clock& clock_;
  mutable VerifiedTokenCache verified_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_ACCESS_TOKEN_VALIDATOR_H_
