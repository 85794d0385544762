#include "server/oauth/token_revocation.h"

#include "common/secure_token.h"

namespace tgauth {
namespace {

absl::Status NotThisClients() {
  return absl::PermissionDeniedError("the token was not issued to this client");
}

}  // namespace

absl::Status TokenRevocation::Revoke(absl::string_view client_id, absl::string_view client_secret,
                                     absl::string_view token) {
  absl::StatusOr<storage::OAuthClient> client = clients_.Authenticate(client_id, client_secret);
  if (!client.ok()) return client.status();
  if (token.empty()) return absl::InvalidArgumentError("token is required");
  if (IsWellFormedToken(token)) {
    // Read under the session's lock, changing nothing; the store refuses a
    // token of another client's session.
    absl::StatusOr<storage::RefreshChain> chain = sessions_.Refresh(
        Sha256(token), storage::RefreshTokenHolder::Client(client->client_id),
        [](const storage::RefreshChain&) { return storage::RefreshDecision::Nothing(); });
    if (absl::IsNotFound(chain.status())) return absl::OkStatus();
    if (absl::IsPermissionDenied(chain.status())) return NotThisClients();
    if (!chain.ok()) return chain.status();
    return RevokeSessionOf(client->client_id, chain->session);
  }
  absl::StatusOr<AccessTokenClaims> claims = validator_.ValidateIssued(token);
  // Invalid, expired, or its session already revoked: nothing left to end.
  if (absl::IsUnauthenticated(claims.status())) return absl::OkStatus();
  if (!claims.ok()) return claims.status();
  absl::StatusOr<storage::SessionRecord> session = sessions_.Get(claims->session_id);
  if (absl::IsNotFound(session.status())) return absl::OkStatus();
  if (!session.ok()) return session.status();
  return RevokeSessionOf(client->client_id, *session);
}

absl::Status TokenRevocation::RevokeSessionOf(absl::string_view client_id,
                                              const storage::SessionRecord& session) {
  if (session.client_id != client_id) return NotThisClients();
  absl::Status revoked = manager_.RevokeOwn(session.user_id, session.id);
  return absl::IsNotFound(revoked) ? absl::OkStatus() : revoked;
}

}  // namespace tgauth
