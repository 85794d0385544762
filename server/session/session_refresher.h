// Refresh token rotation (RFC 9700 section 4.14.2): every use of a refresh
// token returns a new access token and a new refresh token. The new token
// is derived from the old one (RotationKey), so a token presented again
// within the grace window (two tabs refreshing at once) leads, link by link,
// to the session's current token, and gets that pair instead of an error.
// After the window, the current token's immediate predecessor still gets the
// current pair while the current token has never been presented: that is
// what a client sees whose answer was lost (an outage longer than the
// window), and it holds nothing newer. Anything else presented after the
// window is reuse and revokes the session: a token two or more rotations
// old, or the predecessor once its successor was used.
//
// The trade-off: a thief holding the predecessor can obtain the current pair
// until the legitimate client refreshes again, and the two may then keep
// taking turns undetected while each refreshes between the other's
// refreshes; the first refresh out of turn revokes the session. Sessions
// survive lost answers instead of being revoked without any theft.
#ifndef TGAUTH_SERVER_SESSION_SESSION_REFRESHER_H_
#define TGAUTH_SERVER_SESSION_SESSION_REFRESHER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/session/address_limit.h"
#include "server/session/refresh_listener.h"
#include "server/session/revocation_listener.h"
#include "server/session/rotation_key.h"
#include "server/session/session_issuer.h"
#include "server/token/access_token_signer.h"
#include "server/token/revoked_sessions.h"
#include "storage/session_store.h"

namespace tgauth {

struct RefreshOptions {
  SessionLifetimes lifetimes;
  // How long after its rotation a refresh token still returns the current
  // pair instead of counting as reuse.
  absl::Duration grace_period = absl::Seconds(10);
  // Failed refreshes (a malformed or refused token) one client address may
  // make per window; once over, every refresh from it is refused until the
  // window ends, so refresh tokens cannot be guessed at volume. 0: no limit.
  AddressLimitOptions failures_per_ip;
};

// What RefreshFor() answers: the new pair, and the session it belongs to
// as the rotation read it (for an ID token on refresh: OpenID Connect Core
// 1.0 section 12.2).
struct RefreshedSession {
  IssuedSession issued;
  storage::SessionRecord session;
  int64_t telegram_id = 0;
};

class SessionRefresher {
 public:
  // All references must outlive the refresher.
  SessionRefresher(RefreshOptions options, storage::SessionStore& sessions, const RotationKey& key,
                   const AccessTokenSigner& signer, RevokedSessions& revoked,
                   storage::RateLimiter& limiter, const Clock& clock)
      : options_(options),
        sessions_(sessions),
        key_(key),
        signer_(signer),
        revoked_(revoked),
        failures_(limiter, kFailedRefreshTokenBuckets, "failed refreshes", options.failures_per_ip),
        clock_(clock) {}

  // A fresh access token and the session's next refresh token. The new
  // refresh token's idle lifetime restarts (capped by the session's end);
  // the access token ends by the session's end at the latest.
  // INVALID_ARGUMENT if `refresh_token` is not shaped like one tgauth issues;
  // UNAUTHENTICATED, changing nothing, for an unknown token, an idle-expired
  // token, an expired or revoked session; UNAUTHENTICATED after revoking the
  // session for reuse after the grace window; UNAVAILABLE if the store is
  // unreachable. For a client at `ip` (Device.ip_address), whose
  // INVALID_ARGUMENT and UNAUTHENTICATED answers count as failures:
  // RESOURCE_EXHAUSTED, trying nothing, while it is over
  // options.failures_per_ip. The limit fails open when its store is
  // unreachable (refreshes need only PostgreSQL).
  // This is tgauth's own refresh (RefreshSession): only a first-party
  // session's token rotates; an OAuth client's token (its client refreshes
  // it at the token endpoint) is refused as UNAUTHENTICATED, rotating
  // nothing.
  absl::StatusOr<IssuedSession> Refresh(absl::string_view refresh_token, absl::string_view ip);

  // Refresh() for `holder` (storage/refresh_token_holder.h): the store
  // refuses, before anything rotates, a token of a session that is not the
  // holder's (UNAUTHENTICATED, kOtherHolderMessage) and a scope the session
  // was not granted (OUT_OF_RANGE, not counted as a failure). The access
  // token of an OAuth client's session is an RFC 9068 token whose `scope`
  // is holder.scope, or the session's grant if that is empty; the session's
  // grant (and so its refresh token's) never changes (RFC 6749 section 6).
  absl::StatusOr<RefreshedSession> RefreshFor(const storage::RefreshTokenHolder& holder,
                                              absl::string_view refresh_token,
                                              absl::string_view ip);

  // Registers a listener (which must outlive this) to hear of every refresh,
  // or of every session revoked for reuse. Register before the first call.
  void AddRefreshListener(RefreshListener& listener) { refresh_listeners_.push_back(&listener); }
  void AddRevocationListener(RevocationListener& listener) {
    revocation_listeners_.push_back(&listener);
  }

 private:
  // What Decide() concluded: a refusal, or the refresh token of the pair.
  struct Verdict {
    absl::Status refusal;
    std::string refresh_token;
    absl::Time refresh_token_end;  // When `refresh_token` expires.
    bool revoked_for_reuse = false;
    bool within_grace = false;  // A replay that gets the current pair.
  };

  // RefreshFor() without the listeners; sets `outcome`.
  absl::StatusOr<RefreshedSession> LimitedRotate(const storage::RefreshTokenHolder& holder,
                                                 absl::string_view refresh_token,
                                                 absl::string_view ip, RefreshOutcome& outcome);
  // LimitedRotate() without the limit.
  absl::StatusOr<RefreshedSession> Rotate(const storage::RefreshTokenHolder& holder,
                                          absl::string_view refresh_token, RefreshOutcome& outcome);
  // The rotation state machine, run under the session's lock.
  storage::RefreshDecision Decide(const storage::RefreshChain& chain, absl::string_view token,
                                  absl::Time now, Verdict& verdict) const;
  // The current token at the end of `chain`, derived from its first token
  // `token`. UNAUTHENTICATED if a derived successor does not match the
  // stored link (another rotation key) or the chain is too long.
  absl::StatusOr<std::string> CurrentToken(const storage::RefreshChain& chain,
                                           absl::string_view token) const;
  // Signs an access token for the session of `chain`, with the tier of the
  // user's subscription in force at `now` (and, for an OAuth client's
  // session, holder.scope if set), handed out with `refresh_token` (which
  // expires at `refresh_token_end`).
  absl::StatusOr<RefreshedSession> Issue(const storage::RefreshTokenHolder& holder,
                                         const storage::RefreshChain& chain,
                                         std::string refresh_token, absl::Time refresh_token_end,
                                         absl::Time now) const;

  const RefreshOptions options_;
  storage::SessionStore& sessions_;
  const RotationKey& key_;
  const AccessTokenSigner& signer_;
  RevokedSessions& revoked_;
  const AddressLimit failures_;
  const Clock& clock_;
  std::vector<RefreshListener*> refresh_listeners_;
  std::vector<RevocationListener*> revocation_listeners_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_SESSION_REFRESHER_H_
