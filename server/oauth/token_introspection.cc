#include "server/oauth/token_introspection.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "common/secure_token.h"
#include "server/oauth/user_info.h"

namespace tgauth {
namespace {

// Neither revoked nor past its absolute or idle lifetime at `now`.
bool IsLive(const storage::SessionRecord& session, absl::Time now) {
  return !session.revoked && now < session.active_until();
}

// The members every active token of `session` shares.
ActiveToken Describe(const storage::SessionRecord& session, ActiveToken::Kind kind,
                     absl::string_view issuer) {
  return {.kind = kind,
          .issuer = std::string(issuer),
          .user_id = session.user_id,
          .session_id = session.id,
          .client_id = session.client_id,
          .scope = session.scope};
}

}  // namespace

absl::StatusOr<std::optional<ActiveToken>> TokenIntrospection::Introspect(
    absl::string_view client_id, absl::string_view client_secret, absl::string_view token) {
  absl::StatusOr<storage::OAuthClient> client = clients_.Authenticate(client_id, client_secret);
  if (!client.ok()) return client.status();
  if (!client->secret_hash.has_value()) {
    // Public client ids are no secret (every authorization URL shows one),
    // so naming the reason tells nobody anything new.
    return absl::UnauthenticatedError(
        "client authentication failed: a public client may not introspect tokens");
  }
  if (token.empty()) return absl::InvalidArgumentError("token is required");
  const absl::Time now = clock_.Now();
  absl::StatusOr<std::optional<ActiveToken>> active =
      IsWellFormedToken(token) ? RefreshToken(token, *client, now) : AccessToken(token, now);
  if (!active.ok() || !active->has_value()) return active;
  if ((*active)->client_id != client->client_id && !client->may_introspect_any) {
    return std::nullopt;
  }
  if (absl::Status named = AddUsername(**active); !named.ok()) return named;
  return active;
}

absl::StatusOr<std::optional<ActiveToken>> TokenIntrospection::AccessToken(absl::string_view token,
                                                                           absl::Time now) {
  // Either kind: an app's RFC 9068 token or one of tgauth's own.
  absl::StatusOr<AccessTokenClaims> claims = validator_.ValidateIssued(token);
  if (absl::IsUnauthenticated(claims.status())) return std::nullopt;
  if (!claims.ok()) return claims.status();
  // The validator knows of a revocation within a second; the store knows now.
  absl::StatusOr<storage::SessionRecord> session = sessions_.Get(claims->session_id);
  if (absl::IsNotFound(session.status())) return std::nullopt;
  if (!session.ok()) return session.status();
  if (session->user_id != claims->user_id || !IsLive(*session, now)) return std::nullopt;
  ActiveToken active = Describe(*session, ActiveToken::Kind::kAccessToken, issuer_);
  // RFC 9068 section 2.2: an app's token is for the app.
  active.audience = claims->client_id.empty() ? access_token_audience_ : claims->client_id;
  active.jti = claims->jwt_id;
  active.issued_at = claims->issued_at;
  active.expires_at = claims->expires_at;
  return active;
}

absl::StatusOr<std::optional<ActiveToken>> TokenIntrospection::RefreshToken(
    absl::string_view token, const storage::OAuthClient& client, absl::Time now) {
  // Refresh() is the store's only read of a token by hash; deciding
  // Nothing, it writes nothing.
  const auto read = [&](const storage::RefreshTokenHolder& holder) {
    return sessions_.Refresh(Sha256(token), holder, [](const storage::RefreshChain&) {
      return storage::RefreshDecision::Nothing();
    });
  };
  absl::StatusOr<storage::RefreshChain> chain =
      read(storage::RefreshTokenHolder::Client(client.client_id));
  if (absl::IsPermissionDenied(chain.status()) && client.may_introspect_any) {
    chain = read(storage::RefreshTokenHolder::FirstParty());
  }
  if (absl::IsNotFound(chain.status()) || absl::IsPermissionDenied(chain.status())) {
    return std::nullopt;
  }
  if (!chain.ok()) return chain.status();
  const storage::RefreshTokenRecord& presented = chain->tokens.front();
  if (presented.rotated_at.has_value() || now >= presented.expires_at ||
      !IsLive(chain->session, now)) {
    return std::nullopt;
  }
  ActiveToken active = Describe(chain->session, ActiveToken::Kind::kRefreshToken, issuer_);
  active.issued_at = presented.created_at;
  active.expires_at = std::min(presented.expires_at, chain->session.expires_at);
  return active;
}

absl::Status TokenIntrospection::AddUsername(ActiveToken& active) {
  if (!active.client_id.empty() && !HasScope(active.scope, "profile")) return absl::OkStatus();
  absl::StatusOr<storage::UserRecord> user = users_.Find(active.user_id);
  // Erasing a user revokes their sessions: only a race gets here.
  if (absl::IsNotFound(user.status())) return absl::OkStatus();
  if (!user.ok()) return user.status();
  active.username = user->profile.username;
  return absl::OkStatus();
}

}  // namespace tgauth
