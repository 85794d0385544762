#include "server/session/session_manager.h"

#include <string>

#include "absl/strings/string_view.h"
#include "common/secure_token.h"

namespace tgauth {
namespace {

// sessions.revoke_reason, for operators reading the table.
constexpr absl::string_view kLogoutReason = "logout";
constexpr absl::string_view kRevokedByUserReason = "revoked_by_user";
constexpr absl::string_view kSignedOutElsewhereReason = "revoked_with_other_sessions";
constexpr absl::string_view kCodeReuseReason = "authorization_code_reuse";

}  // namespace

absl::Status SessionManager::RevokeByRefreshToken(absl::string_view refresh_token,
                                                  absl::string_view ip) {
  if (absl::Status over = failures_.Admit(ip); !over.ok()) return over;
  if (!IsWellFormedToken(refresh_token)) {
    failures_.CountFailure(ip);
    return absl::InvalidArgumentError(
        "refresh_token is malformed: want the 43 base64url characters tgauth issued");
  }
  const absl::Time now = clock_.Now();
  absl::StatusOr<storage::Revocation> revocation =
      sessions_.RevokeByRefreshToken(Sha256(refresh_token), now, kLogoutReason);
  if (absl::IsNotFound(revocation.status())) {
    failures_.CountFailure(ip);
    return absl::OkStatus();  // RFC 7009 section 2.2.
  }
  if (!revocation.ok()) return revocation.status();
  if (revocation->newly_revoked) {
    Remember(revocation->session_id, now);
    Tell(RevokeReason::kLogout, 1);
  }
  return absl::OkStatus();
}

absl::Status SessionManager::RevokeOwn(absl::string_view user_id, absl::string_view session_id) {
  return RevokeOne(user_id, session_id, kRevokedByUserReason, RevokeReason::kRevokedByUser);
}

absl::Status SessionManager::LogOut(absl::string_view user_id, absl::string_view session_id) {
  return RevokeOne(user_id, session_id, kLogoutReason, RevokeReason::kLogout);
}

absl::Status SessionManager::RevokeForCodeReuse(absl::string_view user_id,
                                                absl::string_view session_id) {
  return RevokeOne(user_id, session_id, kCodeReuseReason, RevokeReason::kAuthorizationCodeReuse);
}

absl::Status SessionManager::RevokeOne(absl::string_view user_id, absl::string_view session_id,
                                       absl::string_view stored_reason, RevokeReason reason) {
  if (session_id.empty()) return absl::InvalidArgumentError("session_id is empty");
  absl::StatusOr<storage::SessionRecord> session = sessions_.Get(session_id);
  // Another user's session is reported like an unknown one: ids leak nothing.
  if (absl::IsNotFound(session.status()) || (session.ok() && session->user_id != user_id)) {
    return absl::NotFoundError("no such session");
  }
  if (!session.ok()) return session.status();
  const absl::Time now = clock_.Now();
  absl::StatusOr<bool> revoked = sessions_.Revoke(session_id, now, stored_reason);
  if (absl::IsNotFound(revoked.status())) return absl::NotFoundError("no such session");
  if (!revoked.ok()) return revoked.status();
  if (*revoked) {
    Remember(session_id, now);
    Tell(reason, 1);
  }
  return absl::OkStatus();
}

absl::StatusOr<int> SessionManager::RevokeOthers(absl::string_view user_id,
                                                 absl::string_view current_session_id) {
  const absl::Time now = clock_.Now();
  absl::StatusOr<std::vector<std::string>> revoked =
      sessions_.RevokeAllExcept(user_id, current_session_id, now, kSignedOutElsewhereReason);
  if (!revoked.ok()) return revoked.status();
  for (const std::string& session_id : *revoked) Remember(session_id, now);
  if (!revoked->empty()) Tell(RevokeReason::kOtherSessions, static_cast<int>(revoked->size()));
  return static_cast<int>(revoked->size());
}

absl::StatusOr<std::vector<storage::SessionRecord>> SessionManager::ListActive(
    absl::string_view user_id) {
  return sessions_.ListActiveByUser(user_id, clock_.Now());
}

void SessionManager::Tell(RevokeReason reason, int count) const {
  for (RevocationListener* listener : listeners_) listener->OnSessionsRevoked(reason, count);
}

void SessionManager::Remember(absl::string_view session_id, absl::Time now) {
  revoked_.Add(session_id, now + access_token_lifetime_);
}

}  // namespace tgauth
