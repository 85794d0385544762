#include "server/session/session_issuer.h"

#include "absl/strings/str_cat.h"
#include "common/secure_token.h"

namespace tgauth {

absl::StatusOr<IssuedSession> SessionIssuer::Issue(const std::string& user_id, int64_t telegram_id,
                                                   const storage::DeviceInfo& device,
                                                   absl::string_view sign_in_method,
                                                   absl::string_view subscription_tier) {
  if (limiter_ != nullptr && limit_.sign_ins > 0) {
    absl::StatusOr<bool> allowed =
        limiter_->Allow(absl::StrCat("sign-in-user:", telegram_id), limit_.sign_ins, limit_.window);
    if (!allowed.ok()) return allowed.status();
    if (!*allowed) {
      return absl::ResourceExhaustedError(
          "too many sign-ins to this Telegram account; try again in a few minutes");
    }
  }
  absl::StatusOr<std::string> refresh_token = NewToken();
  if (!refresh_token.ok()) return refresh_token.status();
  // Rows keep microseconds (sessions list newest first, and two sign-ins
  // can fall in one second); the signer writes iat/exp as whole seconds.
  const absl::Time now = clock_.Now();

  storage::NewSession row;
  row.user_id = user_id;
  row.sign_in_method = std::string(sign_in_method);
  row.device = device;
  row.refresh_token_hash = Sha256(*refresh_token);
  row.created_at = now;
  row.expires_at = now + lifetimes_.session;
  row.refresh_token_expires_at = std::min(now + lifetimes_.refresh_token_idle, row.expires_at);
  absl::StatusOr<storage::SessionRecord> session = sessions_.Create(row);
  if (!session.ok()) return session.status();

  AccessTokenClaims claims;
  claims.user_id = user_id;
  claims.session_id = session->id;
  claims.telegram_id = telegram_id;
  claims.subscription_tier = std::string(subscription_tier);
  claims.issued_at = now;
  claims.expires_at = std::min(now + lifetimes_.access_token, row.expires_at);
  absl::StatusOr<std::string> access_token = signer_.Sign(claims);
  if (!access_token.ok()) return access_token.status();

  const CreatedSession created{.user_id = user_id,
                               .telegram_id = telegram_id,
                               .session_id = session->id,
                               .device = device,
                               .sign_in_method = std::string(sign_in_method)};
  for (SessionListener* listener : listeners_) listener->OnSessionCreated(created);

  return IssuedSession{.session_id = session->id,
                       .access_token = *std::move(access_token),
                       .refresh_token = *std::move(refresh_token),
                       .access_token_lifetime = claims.expires_at - now};
}

}  // namespace tgauth
