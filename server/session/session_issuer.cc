#include "server/session/session_issuer.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "server/session/account_buckets.h"
#include "server/session/user_directory.h"

namespace tgauth {

absl::StatusOr<IssuedSignIn> SessionIssuer::Issue(const storage::TelegramProfile& who,
                                                  const storage::DeviceInfo& device,
                                                  absl::string_view sign_in_method) {
  if (absl::Status s = ValidateProfile(who); !s.ok()) return s;
  if (absl::Status allowed = CountSignIn(who.telegram_id); !allowed.ok()) return allowed;
  absl::StatusOr<std::string> refresh_token = NewToken();
  if (!refresh_token.ok()) return refresh_token.status();
  absl::StatusOr<IssuedSignIn> issued =
      IssueWith(*refresh_token, who, device, sign_in_method, /*redeems_login=*/false);
  if (!absl::IsAlreadyExists(issued.status())) return issued;
  // Nothing else holds a fresh random token, so this write took its hash:
  // it committed and its answer was lost (SessionStore::CreateForTelegramUser).
  // That session is the one to hand out, and nobody has heard of it yet.
  absl::StatusOr<IssuedSignIn> landed = Reissue(*std::move(refresh_token), who.telegram_id);
  if (!landed.ok()) {
    return absl::UnavailableError("the sign-in's outcome was lost with its connection; retry");
  }
  Announce(landed->user, who, landed->session.session_id, device, sign_in_method,
           /*app_name=*/"");
  return landed;
}

absl::StatusOr<IssuedSignIn> SessionIssuer::IssueOnce(absl::string_view redemption_secret,
                                                      const storage::TelegramProfile& who,
                                                      const storage::DeviceInfo& device,
                                                      absl::string_view sign_in_method,
                                                      bool within_limit) {
  if (absl::Status s = ValidateProfile(who); !s.ok()) return s;
  absl::StatusOr<std::string> refresh_token = key_.RedemptionToken(redemption_secret);
  if (!refresh_token.ok()) return refresh_token.status();
  const absl::Status allowed = within_limit ? absl::OkStatus() : OverLimit();
  if (allowed.ok()) {
    absl::StatusOr<IssuedSignIn> issued =
        IssueWith(*refresh_token, who, device, sign_in_method, /*redeems_login=*/true);
    if (!absl::IsAlreadyExists(issued.status())) return issued;
  }
  // The token's hash is taken (an earlier attempt created the session), or
  // the account is over its limit, when only a session made before counts.
  absl::StatusOr<IssuedSignIn> existing = Reissue(*std::move(refresh_token), who.telegram_id);
  if (absl::IsNotFound(existing.status())) {
    if (!allowed.ok()) return allowed;
    // Deleted by the cleaner since (it ended): nothing left to hand out.
    return absl::FailedPreconditionError("the session of this login has ended");
  }
  return existing;
}

void SetClientClaims(const storage::SessionRecord& session, absl::string_view scope,
                     AccessTokenClaims& claims) {
  if (session.client_id.empty()) return;
  claims.client_id = session.client_id;
  claims.scope = std::string(scope);
  claims.auth_time = session.auth_time;
}

absl::StatusOr<IssuedSignIn> SessionIssuer::IssueForClient(const ClientSessionRequest& request) {
  absl::StatusOr<storage::UserRecord> user = users_.FindById(request.user_id);
  if (!user.ok()) return user.status();
  if (user->blocked()) return absl::PermissionDeniedError(storage::kBlockedUserMessage);
  absl::StatusOr<std::string> refresh_token = NewToken();
  if (!refresh_token.ok()) return refresh_token.status();
  const absl::Time now = clock_.Now();
  storage::NewSession row;
  row.user_id = user->id;
  row.sign_in_method = request.sign_in_method;
  row.device = request.device;
  row.refresh_token_hash = Sha256(*refresh_token);
  row.client_id = request.client_id;
  row.scope = request.scope;
  row.auth_time = request.auth_time;
  row.created_at = now;
  row.expires_at = now + lifetimes_.session;
  row.refresh_token_expires_at = std::min(now + lifetimes_.refresh_token_idle, row.expires_at);
  absl::StatusOr<storage::SessionRecord> created = sessions_.Create(row);
  if (absl::IsAlreadyExists(created.status())) {
    // Nothing else holds a fresh random token: this write committed and its
    // answer was lost; nobody can reach that session, so the caller retries.
    return absl::UnavailableError("the session's outcome was lost with its connection; retry");
  }
  if (!created.ok()) return created.status();
  user->subscription = storage::InForce(user->subscription, now);
  absl::StatusOr<IssuedSession> issued =
      Sign(user->id, *created, user->profile.telegram_id, user->subscription.tier,
           *std::move(refresh_token), row.refresh_token_expires_at, now, row.expires_at);
  if (!issued.ok()) return issued.status();
  Announce(*user, user->profile, created->id, request.device, request.sign_in_method,
           request.client_name);
  return IssuedSignIn{*std::move(user), *std::move(issued)};
}

std::optional<storage::LoginQuota> SessionIssuer::SignInQuota() const {
  if (limiter_ == nullptr || limit_.sign_ins <= 0) return std::nullopt;
  return storage::LoginQuota{
      .bucket_prefix = kSignInBucket, .limit = limit_.sign_ins, .window = limit_.window};
}

absl::Status SessionIssuer::CountSignIn(int64_t telegram_id) {
  if (limiter_ == nullptr || limit_.sign_ins <= 0) return absl::OkStatus();
  absl::StatusOr<bool> allowed =
      limiter_->Allow(absl::StrCat(kSignInBucket, telegram_id), limit_.sign_ins, limit_.window);
  if (!allowed.ok()) return allowed.status();
  if (!*allowed) return OverLimit();
  return absl::OkStatus();
}

absl::Status SessionIssuer::OverLimit() {
  return absl::ResourceExhaustedError(
      "too many sign-ins to this Telegram account; try again in a few minutes");
}

absl::StatusOr<IssuedSignIn> SessionIssuer::IssueWith(std::string refresh_token,
                                                      const storage::TelegramProfile& who,
                                                      const storage::DeviceInfo& device,
                                                      absl::string_view sign_in_method,
                                                      bool redeems_login) {
  // Rows keep microseconds (sessions list newest first, and two sign-ins
  // can fall in one second); the signer writes iat/exp as whole seconds.
  const absl::Time now = clock_.Now();
  storage::NewSession row;
  row.sign_in_method = std::string(sign_in_method);
  row.device = device;
  row.refresh_token_hash = Sha256(refresh_token);
  row.created_at = now;
  row.expires_at = now + lifetimes_.session;
  row.refresh_token_expires_at = std::min(now + lifetimes_.refresh_token_idle, row.expires_at);
  row.redeems_confirmed_login = redeems_login;
  absl::StatusOr<storage::TelegramSignIn> created = sessions_.CreateForTelegramUser(who, row);
  if (!created.ok()) return created.status();

  storage::UserRecord& user = created->user;
  user.subscription = storage::InForce(user.subscription, now);
  absl::StatusOr<IssuedSession> issued =
      Sign(user.id, created->session, who.telegram_id, user.subscription.tier,
           std::move(refresh_token), row.refresh_token_expires_at, now, row.expires_at);
  if (!issued.ok()) return issued.status();
  Announce(user, who, created->session.id, device, sign_in_method, /*app_name=*/"");
  return IssuedSignIn{std::move(user), *std::move(issued)};
}

void SessionIssuer::Announce(const storage::UserRecord& user, const storage::TelegramProfile& who,
                             const std::string& session_id, const storage::DeviceInfo& device,
                             absl::string_view sign_in_method, absl::string_view app_name) {
  // The language as last seen: this sign-in's, or with none (the Login
  // Widget sends none) the one stored with the user, if the store keeps it.
  const CreatedSession announced{
      .user_id = user.id,
      .telegram_id = user.profile.telegram_id,
      .session_id = session_id,
      .device = device,
      .sign_in_method = std::string(sign_in_method),
      .language_code = storage::UpdatedProfile(user.profile, who).language_code,
      .app_name = std::string(app_name)};
  for (SessionListener* listener : listeners_) listener->OnSessionCreated(announced);
}

absl::StatusOr<IssuedSignIn> SessionIssuer::Reissue(std::string refresh_token,
                                                    int64_t telegram_id) {
  const absl::Time now = clock_.Now();
  absl::Status refusal;
  // Read under the session's lock, changing nothing.
  absl::StatusOr<storage::RefreshChain> chain = sessions_.Refresh(
      Sha256(refresh_token), storage::RefreshTokenHolder::FirstParty(),
      [&](const storage::RefreshChain& chain) {
        const storage::RefreshTokenRecord& first = chain.tokens.front();
        refusal = absl::OkStatus();  // The store may run this twice.
        if (first.rotated_at.has_value()) {
          // Its holder refreshed, so the first answer did arrive.
          refusal = absl::FailedPreconditionError("login was already redeemed");
        } else if (chain.session.revoked || now >= chain.session.expires_at ||
                   now >= first.expires_at) {
          refusal = absl::FailedPreconditionError("the session of this login has ended");
        }
        return storage::RefreshDecision::Nothing();
      });
  if (!chain.ok()) return chain.status();
  if (!refusal.ok()) return refusal;
  // Only a retry gets here: reading the user costs it one more round trip.
  absl::StatusOr<storage::UserRecord> user = users_.FindById(chain->session.user_id);
  if (!user.ok()) return user.status();
  user->subscription = storage::InForce(user->subscription, now);
  absl::StatusOr<IssuedSession> issued =
      Sign(user->id, chain->session, telegram_id, user->subscription.tier, std::move(refresh_token),
           chain->tokens.front().expires_at, now, chain->session.expires_at);
  if (!issued.ok()) return issued.status();
  return IssuedSignIn{*std::move(user), *std::move(issued)};
}

absl::StatusOr<IssuedSession> SessionIssuer::Sign(
    const std::string& user_id, const storage::SessionRecord& session, int64_t telegram_id,
    absl::string_view subscription_tier, std::string refresh_token, absl::Time refresh_token_end,
    absl::Time now, absl::Time session_end) const {
  AccessTokenClaims claims;
  claims.user_id = user_id;
  claims.session_id = session.id;
  SetClientClaims(session, session.scope, claims);
  claims.telegram_id = telegram_id;
  claims.subscription_tier = std::string(subscription_tier);
  claims.issued_at = now;
  claims.expires_at = std::min(now + lifetimes_.access_token, session_end);
  absl::StatusOr<std::string> access_token = signer_.Sign(claims);
  if (!access_token.ok()) return access_token.status();
  return IssuedSession{.session_id = session.id,
                       .access_token = *std::move(access_token),
                       .refresh_token = std::move(refresh_token),
                       .access_token_lifetime = claims.expires_at - now,
                       .refresh_token_lifetime = refresh_token_end - now};
}

}  // namespace tgauth
