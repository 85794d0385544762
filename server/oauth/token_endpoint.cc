#include "server/oauth/token_endpoint.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/oauth/authentication_methods.h"
#include "server/oauth/pkce.h"
#include "server/oauth/scopes.h"
#include "server/oauth/user_info.h"

namespace tgauth {
namespace {

// One message for every refusal of a code the client could not tell apart
// without learning about codes it does not hold.
constexpr char kInvalidCode[] = "the authorization code is invalid, expired or already used";

}  // namespace

absl::StatusOr<TokenGrant> TokenEndpoint::ExchangeCode(const CodeExchange& exchange) {
  absl::StatusOr<storage::OAuthClient> client =
      clients_.Authenticate(exchange.client_id, exchange.client_secret);
  if (!client.ok()) return client.status();
  if (exchange.code.empty()) return absl::InvalidArgumentError("code is required");
  if (exchange.redirect_uri.empty()) return absl::InvalidArgumentError("redirect_uri is required");
  if (exchange.code_verifier.empty()) {
    return absl::InvalidArgumentError("code_verifier is required (PKCE)");
  }
  if (absl::Status shape = ValidateCodeVerifier(exchange.code_verifier); !shape.ok()) {
    return absl::InvalidArgumentError(shape.message());
  }

  absl::StatusOr<storage::RedeemedCode> redeemed =
      codes_.Redeem(exchange.code, storage::kRedeemedCodeRetention);
  if (absl::IsNotFound(redeemed.status()) || absl::IsInvalidArgument(redeemed.status())) {
    return absl::FailedPreconditionError(kInvalidCode);
  }
  if (!redeemed.ok()) return redeemed.status();
  const storage::AuthorizationCode& code = redeemed->code;
  if (redeemed->redemption == storage::CodeRedemption::kReused) {
    // Only the holder of the code could have made that session: whoever
    // exchanges it twice may be a thief racing the client.
    if (!redeemed->session_id.empty()) {
      absl::Status revoked = sessions_.RevokeForCodeReuse(code.user_id, redeemed->session_id);
      if (!revoked.ok() && !absl::IsNotFound(revoked)) return revoked;
    }
    return absl::FailedPreconditionError(
        "the authorization code was already used; the session issued for it is revoked");
  }
  if (code.client_id != client->client_id) {
    return absl::FailedPreconditionError("the authorization code was issued to another client");
  }
  if (code.redirect_uri != exchange.redirect_uri) {
    return absl::FailedPreconditionError("redirect_uri differs from the authorization request's");
  }
  if (!VerifyCodeVerifier(exchange.code_verifier, code.code_challenge)) {
    return absl::FailedPreconditionError("code_verifier does not match the code_challenge");
  }

  absl::StatusOr<IssuedSignIn> signed_in = issuer_.IssueForClient({
      .user_id = code.user_id,
      .client_id = code.client_id,
      .client_name = client->name,
      .scope = code.scope,
      .auth_time = code.auth_time,
      .sign_in_method = code.sign_in_method,
      .device = code.device,
  });
  if (absl::IsNotFound(signed_in.status()) || absl::IsPermissionDenied(signed_in.status())) {
    return absl::FailedPreconditionError(signed_in.status().message());
  }
  if (!signed_in.ok()) return signed_in.status();
  if (absl::Status recorded = codes_.RecordSession(exchange.code, signed_in->session.session_id);
      !recorded.ok()) {
    // A reuse could not revoke a session nobody recorded: refuse rather
    // than hand out one that escapes that rule.
    (void)sessions_.RevokeForCodeReuse(code.user_id, signed_in->session.session_id);
    return recorded;
  }
  TokenGrant grant{.session = signed_in->session, .scope = code.scope};
  if (HasScope(code.scope, "openid")) {
    absl::StatusOr<std::string> id_token = IdToken({.client_id = code.client_id,
                                                    .session_id = signed_in->session.session_id,
                                                    .scope = code.scope,
                                                    .auth_time = code.auth_time,
                                                    .nonce = code.nonce,
                                                    .sign_in_method = code.sign_in_method},
                                                   signed_in->user);
    if (!id_token.ok()) return id_token.status();
    grant.id_token = *std::move(id_token);
  }
  return grant;
}

absl::StatusOr<TokenGrant> TokenEndpoint::Refresh(const RefreshRequest& request) {
  absl::StatusOr<storage::OAuthClient> client =
      clients_.Authenticate(request.client_id, request.client_secret);
  if (!client.ok()) return client.status();
  if (request.refresh_token.empty()) return absl::InvalidArgumentError("refresh_token is required");
  // RFC 6749 section 3.3: scope tokens separated by single spaces.
  if (!request.scope.empty()) {
    for (absl::string_view scope : absl::StrSplit(request.scope, ' ')) {
      if (!IsSupportedScope(scope)) {
        return absl::OutOfRangeError(absl::StrCat(
            "scope \"", scope, "\" is not supported (scopes are separated by one space)"));
      }
    }
  }
  absl::StatusOr<RefreshedSession> refreshed =
      refresher_.RefreshFor(storage::RefreshTokenHolder::Client(client->client_id, request.scope),
                            request.refresh_token, request.ip);
  // RFC 6749 section 5.2: a refresh token that is "invalid, expired,
  // revoked, ... or was issued to another client" is invalid_grant.
  if (absl::IsInvalidArgument(refreshed.status()) || absl::IsUnauthenticated(refreshed.status())) {
    return absl::FailedPreconditionError(refreshed.status().message());
  }
  if (!refreshed.ok()) return refreshed.status();
  const storage::SessionRecord& session = refreshed->session;
  TokenGrant grant{.session = refreshed->issued,
                   .scope = request.scope.empty() ? session.scope : request.scope};
  if (!HasScope(grant.scope, "openid")) return grant;
  absl::StatusOr<storage::UserRecord> user = users_.Find(session.user_id);
  if (!user.ok()) return user.status();
  absl::StatusOr<std::string> id_token = IdToken({.client_id = session.client_id,
                                                  .session_id = session.id,
                                                  .scope = grant.scope,
                                                  .auth_time = session.auth_time,
                                                  .sign_in_method = session.sign_in_method},
                                                 *user);
  if (!id_token.ok()) return id_token.status();
  grant.id_token = *std::move(id_token);
  return grant;
}

absl::StatusOr<std::string> TokenEndpoint::IdToken(const IdTokenSubject& subject,
                                                   const storage::UserRecord& user) const {
  const absl::Time now = clock_.Now();
  IdTokenClaims claims{
      .user_id = user.id,
      .client_id = subject.client_id,
      .session_id = subject.session_id,
      .telegram_id = user.profile.telegram_id,
      .issued_at = now,
      .expires_at = now + id_token_lifetime_,
      .auth_time = subject.auth_time,
      .nonce = subject.nonce,
      .amr = AuthenticationMethods(subject.sign_in_method),
  };
  if (HasScope(subject.scope, "profile")) {
    claims.profile = ProfileClaims(user.profile);
  }
  return id_tokens_.Sign(claims);
}

}  // namespace tgauth
