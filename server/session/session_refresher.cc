#include "server/session/session_refresher.h"

#include <algorithm>

#include "absl/status/status.h"
#include "common/log.h"
#include "common/secure_token.h"

namespace tgauth {
namespace {

using storage::RefreshDecision;

constexpr char kReuseReason[] = "refresh_token_reuse";

RefreshDecision Refuse(absl::string_view message, absl::Status& refusal) {
  refusal = absl::UnauthenticatedError(message);
  return RefreshDecision::Nothing();
}

// True if the presented (rotated) token is the current token's immediate
// predecessor and the current token was never presented: its holder may
// simply never have received the answer that rotated it (an outage longer
// than the grace window), so it gets that answer again rather than losing
// the session. A token further back, or one whose successor was used, is
// reuse.
bool AnswerMayHaveBeenLost(const storage::RefreshChain& chain) {
  return chain.tokens.size() == 2 && !chain.tokens.back().rotated_at.has_value();
}

// The store's refusal of a token that is not the holder's (a refused token,
// like an unknown one) or of a scope beyond its grant; OK for any other
// outcome.
absl::Status HolderRefusal(const absl::Status& status) {
  if (absl::IsPermissionDenied(status)) return absl::UnauthenticatedError(status.message());
  if (absl::IsOutOfRange(status)) return status;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<IssuedSession> SessionRefresher::Refresh(absl::string_view refresh_token,
                                                        absl::string_view ip) {
  absl::StatusOr<RefreshedSession> refreshed =
      RefreshFor(storage::RefreshTokenHolder::FirstParty(), refresh_token, ip);
  if (!refreshed.ok()) return refreshed.status();
  return std::move(refreshed->issued);
}

absl::StatusOr<RefreshedSession> SessionRefresher::RefreshFor(
    const storage::RefreshTokenHolder& holder, absl::string_view refresh_token,
    absl::string_view ip) {
  RefreshOutcome outcome = RefreshOutcome::kRefused;
  absl::StatusOr<RefreshedSession> issued = LimitedRotate(holder, refresh_token, ip, outcome);
  for (RefreshListener* listener : refresh_listeners_) listener->OnRefresh(outcome);
  if (outcome == RefreshOutcome::kReuseDetected) {
    for (RevocationListener* listener : revocation_listeners_) {
      listener->OnSessionsRevoked(RevokeReason::kRefreshTokenReuse, 1);
    }
  }
  return issued;
}

absl::StatusOr<RefreshedSession> SessionRefresher::LimitedRotate(
    const storage::RefreshTokenHolder& holder, absl::string_view refresh_token,
    absl::string_view ip, RefreshOutcome& outcome) {
  outcome = RefreshOutcome::kRefused;
  if (absl::Status over = failures_.Admit(ip); !over.ok()) return over;
  absl::StatusOr<RefreshedSession> issued = Rotate(holder, refresh_token, outcome);
  if (absl::IsInvalidArgument(issued.status()) || absl::IsUnauthenticated(issued.status())) {
    failures_.CountFailure(ip);
  }
  return issued;
}

absl::StatusOr<RefreshedSession> SessionRefresher::Rotate(const storage::RefreshTokenHolder& holder,
                                                          absl::string_view refresh_token,
                                                          RefreshOutcome& outcome) {
  outcome = RefreshOutcome::kRefused;
  if (!IsWellFormedToken(refresh_token)) {
    return absl::InvalidArgumentError(
        "refresh_token is malformed: want the 43 base64url characters tgauth issued");
  }
  const absl::Time now = clock_.Now();
  // The common case, the current token of a live session, in one round trip
  // to the store; every other token goes the way of Decide below.
  absl::StatusOr<std::string> successor = key_.Successor(refresh_token);
  if (!successor.ok()) return successor.status();
  absl::StatusOr<storage::RefreshChain> rotated =
      sessions_.RotateCurrent(Sha256(refresh_token), holder,
                              RefreshDecision::Rotate(now, Sha256(*successor),
                                                      now + options_.lifetimes.refresh_token_idle));
  if (absl::Status refused = HolderRefusal(rotated.status()); !refused.ok()) return refused;
  if (rotated.ok()) {
    // The store capped the successor's expiry at the session's end.
    const absl::Time successor_end =
        std::min(now + options_.lifetimes.refresh_token_idle, rotated->session.expires_at);
    absl::StatusOr<RefreshedSession> issued =
        Issue(holder, *rotated, *std::move(successor), successor_end, now);
    outcome = issued.ok() ? RefreshOutcome::kRotated : RefreshOutcome::kFailed;
    return issued;
  }
  if (absl::IsNotFound(rotated.status()))
    return absl::UnauthenticatedError("unknown refresh token");
  if (!absl::IsFailedPrecondition(rotated.status())) {
    outcome = RefreshOutcome::kFailed;
    return rotated.status();
  }
  Verdict verdict;
  absl::StatusOr<storage::RefreshChain> chain =
      sessions_.Refresh(Sha256(refresh_token), holder, [&](const storage::RefreshChain& chain) {
        verdict = Verdict();  // The store may run this twice.
        return Decide(chain, refresh_token, now, verdict);
      });
  if (absl::Status refused = HolderRefusal(chain.status()); !refused.ok()) return refused;
  if (absl::IsNotFound(chain.status())) return absl::UnauthenticatedError("unknown refresh token");
  if (!chain.ok()) {
    outcome = RefreshOutcome::kFailed;
    return chain.status();
  }
  if (verdict.revoked_for_reuse) {
    outcome = RefreshOutcome::kReuseDetected;
    // Committed: tell this replica's validator now rather than within 1 s.
    revoked_.Add(chain->session.id, now + options_.lifetimes.access_token);
    LogWarning("refresh token reuse after the grace period: session revoked",
               {{"session_id", chain->session.id}});
  }
  if (!verdict.refusal.ok()) return verdict.refusal;
  absl::StatusOr<RefreshedSession> issued =
      Issue(holder, *chain, std::move(verdict.refresh_token), verdict.refresh_token_end, now);
  if (!issued.ok()) {
    outcome = RefreshOutcome::kFailed;
  } else {
    outcome = verdict.within_grace ? RefreshOutcome::kGrace : RefreshOutcome::kRotated;
  }
  return issued;
}

RefreshDecision SessionRefresher::Decide(const storage::RefreshChain& chain,
                                         absl::string_view token, absl::Time now,
                                         Verdict& verdict) const {
  const storage::SessionRecord& session = chain.session;
  const storage::RefreshTokenRecord& presented = chain.tokens.front();
  if (session.revoked) return Refuse("session revoked", verdict.refusal);
  if (now >= session.expires_at) return Refuse("session expired", verdict.refusal);
  // Before the reuse check: an expired token is worthless to a thief, and
  // cleanup deletes it soon anyway (then it is simply unknown).
  if (now >= presented.expires_at) return Refuse("refresh token expired", verdict.refusal);

  if (!presented.rotated_at.has_value()) {
    absl::StatusOr<std::string> successor = key_.Successor(token);
    if (!successor.ok()) {
      verdict.refusal = successor.status();
      return RefreshDecision::Nothing();
    }
    verdict.refresh_token = *successor;
    verdict.refresh_token_end =
        std::min(now + options_.lifetimes.refresh_token_idle, session.expires_at);
    return RefreshDecision::Rotate(now, Sha256(*successor), verdict.refresh_token_end);
  }
  if (now - *presented.rotated_at > options_.grace_period && !AnswerMayHaveBeenLost(chain)) {
    verdict.revoked_for_reuse = true;
    verdict.refusal =
        absl::UnauthenticatedError("refresh token reuse detected; the session has been revoked");
    return RefreshDecision::Revoke(now, kReuseReason);
  }
  // A replay within the grace window: the pair of the current token.
  absl::StatusOr<std::string> current = CurrentToken(chain, token);
  if (!current.ok()) {
    verdict.refusal = current.status();
    return RefreshDecision::Nothing();
  }
  if (now >= chain.tokens.back().expires_at) {
    return Refuse("refresh token expired", verdict.refusal);
  }
  verdict.refresh_token = *std::move(current);
  verdict.refresh_token_end = chain.tokens.back().expires_at;
  verdict.within_grace = true;
  return RefreshDecision::Nothing();
}

absl::StatusOr<std::string> SessionRefresher::CurrentToken(const storage::RefreshChain& chain,
                                                           absl::string_view token) const {
  if (chain.tokens.back().rotated_at.has_value()) {
    // Longer than SessionStore::kMaxChainLength: dozens of rotations within
    // the grace window; no legitimate client gets here.
    return absl::UnauthenticatedError("refresh token was already rotated");
  }
  std::string current(token);
  for (size_t i = 0; i + 1 < chain.tokens.size(); ++i) {
    absl::StatusOr<std::string> next = key_.Successor(current);
    if (!next.ok()) return next.status();
    if (!ConstantTimeEquals(Sha256(*next), chain.tokens[i].replaced_by)) {
      LogWarning(
          "a refresh token replayed within the grace period does not derive its successor: "
          "do all replicas share one --refresh_token_key_file?");
      return absl::UnauthenticatedError("refresh token was already rotated");
    }
    current = *std::move(next);
  }
  return current;
}

absl::StatusOr<RefreshedSession> SessionRefresher::Issue(const storage::RefreshTokenHolder& holder,
                                                         const storage::RefreshChain& chain,
                                                         std::string refresh_token,
                                                         absl::Time refresh_token_end,
                                                         absl::Time now) const {
  // JWT times are whole seconds.
  const absl::Time issued_at = absl::FromUnixSeconds(absl::ToUnixSeconds(now));
  AccessTokenClaims claims;
  claims.user_id = chain.session.user_id;
  claims.session_id = chain.session.id;
  SetClientClaims(chain.session, holder.scope.empty() ? chain.session.scope : holder.scope, claims);
  claims.telegram_id = chain.telegram_id;
  claims.subscription_tier = storage::InForce(chain.subscription, now).tier;
  claims.issued_at = issued_at;
  claims.expires_at =
      std::min(issued_at + options_.lifetimes.access_token, chain.session.expires_at);
  absl::StatusOr<std::string> access_token = signer_.Sign(claims);
  if (!access_token.ok()) return access_token.status();
  return RefreshedSession{.issued = {.session_id = chain.session.id,
                                     .access_token = *std::move(access_token),
                                     .refresh_token = std::move(refresh_token),
                                     .access_token_lifetime = claims.expires_at - issued_at,
                                     .refresh_token_lifetime = refresh_token_end - now},
                          .session = chain.session,
                          .telegram_id = chain.telegram_id};
}

}  // namespace tgauth
