#include "server/session/session_issuer.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"

namespace tgauth {

absl::StatusOr<IssuedSession> SessionIssuer::Issue(const std::string& user_id, int64_t telegram_id,
                                                   const storage::DeviceInfo& device,
                                                   absl::string_view sign_in_method,
                                                   absl::string_view subscription_tier) {
  if (absl::Status allowed = CountSignIn(telegram_id); !allowed.ok()) return allowed;
  absl::StatusOr<std::string> refresh_token = NewToken();
  if (!refresh_token.ok()) return refresh_token.status();
  return IssueWith(*std::move(refresh_token), user_id, telegram_id, device, sign_in_method,
                   subscription_tier);
}

absl::StatusOr<IssuedSession> SessionIssuer::IssueOnce(absl::string_view redemption_secret,
                                                       const std::string& user_id,
                                                       int64_t telegram_id,
                                                       const storage::DeviceInfo& device,
                                                       absl::string_view sign_in_method,
                                                       absl::string_view subscription_tier) {
  absl::StatusOr<std::string> refresh_token = key_.RedemptionToken(redemption_secret);
  if (!refresh_token.ok()) return refresh_token.status();
  const absl::Status allowed = CountSignIn(telegram_id);
  if (!allowed.ok() && !absl::IsResourceExhausted(allowed)) return allowed;
  if (allowed.ok()) {
    absl::StatusOr<IssuedSession> issued =
        IssueWith(*refresh_token, user_id, telegram_id, device, sign_in_method, subscription_tier);
    if (!absl::IsAlreadyExists(issued.status())) return issued;
  }
  // The token's hash is taken (an earlier attempt created the session), or
  // the account is over its limit, when only a session made before counts.
  absl::StatusOr<IssuedSession> existing =
      Reissue(*std::move(refresh_token), telegram_id, subscription_tier);
  if (absl::IsNotFound(existing.status())) {
    if (!allowed.ok()) return allowed;
    // Deleted by the cleaner since (it ended): nothing left to hand out.
    return absl::FailedPreconditionError("the session of this login has ended");
  }
  return existing;
}

absl::Status SessionIssuer::CountSignIn(int64_t telegram_id) {
  if (limiter_ == nullptr || limit_.sign_ins <= 0) return absl::OkStatus();
  absl::StatusOr<bool> allowed =
      limiter_->Allow(absl::StrCat("sign-in-user:", telegram_id), limit_.sign_ins, limit_.window);
  if (!allowed.ok()) return allowed.status();
  if (!*allowed) {
    return absl::ResourceExhaustedError(
        "too many sign-ins to this Telegram account; try again in a few minutes");
  }
  return absl::OkStatus();
}

absl::StatusOr<IssuedSession> SessionIssuer::IssueWith(std::string refresh_token,
                                                       const std::string& user_id,
                                                       int64_t telegram_id,
                                                       const storage::DeviceInfo& device,
                                                       absl::string_view sign_in_method,
                                                       absl::string_view subscription_tier) {
  // Rows keep microseconds (sessions list newest first, and two sign-ins
  // can fall in one second); the signer writes iat/exp as whole seconds.
  const absl::Time now = clock_.Now();

  storage::NewSession row;
  row.user_id = user_id;
  row.sign_in_method = std::string(sign_in_method);
  row.device = device;
  row.refresh_token_hash = Sha256(refresh_token);
  row.created_at = now;
  row.expires_at = now + lifetimes_.session;
  row.refresh_token_expires_at = std::min(now + lifetimes_.refresh_token_idle, row.expires_at);
  absl::StatusOr<storage::SessionRecord> session = sessions_.Create(row);
  if (!session.ok()) return session.status();

  absl::StatusOr<IssuedSession> issued = Sign(user_id, session->id, telegram_id, subscription_tier,
                                              std::move(refresh_token), now, row.expires_at);
  if (!issued.ok()) return issued;

  const CreatedSession created{.user_id = user_id,
                               .telegram_id = telegram_id,
                               .session_id = session->id,
                               .device = device,
                               .sign_in_method = std::string(sign_in_method)};
  for (SessionListener* listener : listeners_) listener->OnSessionCreated(created);
  return issued;
}

absl::StatusOr<IssuedSession> SessionIssuer::Reissue(std::string refresh_token, int64_t telegram_id,
                                                     absl::string_view subscription_tier) {
  const absl::Time now = clock_.Now();
  absl::Status refusal;
  // Read under the session's lock, changing nothing.
  absl::StatusOr<storage::RefreshChain> chain =
      sessions_.Refresh(Sha256(refresh_token), [&](const storage::RefreshChain& chain) {
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
  return Sign(chain->session.user_id, chain->session.id, telegram_id, subscription_tier,
              std::move(refresh_token), now, chain->session.expires_at);
}

absl::StatusOr<IssuedSession> SessionIssuer::Sign(const std::string& user_id,
                                                  const std::string& session_id,
                                                  int64_t telegram_id,
                                                  absl::string_view subscription_tier,
                                                  std::string refresh_token, absl::Time now,
                                                  absl::Time session_end) const {
  AccessTokenClaims claims;
  claims.user_id = user_id;
  claims.session_id = session_id;
  claims.telegram_id = telegram_id;
  claims.subscription_tier = std::string(subscription_tier);
  claims.issued_at = now;
  claims.expires_at = std::min(now + lifetimes_.access_token, session_end);
  absl::StatusOr<std::string> access_token = signer_.Sign(claims);
  if (!access_token.ok()) return access_token.status();
  return IssuedSession{.session_id = session_id,
                       .access_token = *std::move(access_token),
                       .refresh_token = std::move(refresh_token),
                       .access_token_lifetime = claims.expires_at - now};
}

}  // namespace tgauth
