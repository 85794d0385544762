// Issues sessions: one per successful sign-in, whatever the method, never
// touching the user's other sessions (multi-device), and tells the
// registered SessionListeners of each.
#ifndef TGAUTH_SERVER_SESSION_SESSION_ISSUER_H_
#define TGAUTH_SERVER_SESSION_SESSION_ISSUER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/session/rotation_key.h"
#include "server/session/session_listener.h"
#include "server/token/access_token_signer.h"
#include "storage/pending_login_store.h"
#include "storage/rate_limiter.h"
#include "storage/session_store.h"
#include "storage/user_store.h"

namespace tgauth {

struct SessionLifetimes {
  absl::Duration access_token = absl::Minutes(15);
  absl::Duration refresh_token_idle = absl::Hours(24 * 30);  // Sliding.
  absl::Duration session = absl::Hours(24 * 90);             // Absolute.
};

// How many sessions one Telegram account may start in a window, whatever the
// sign-in method: a leaked or replayed credential cannot mint sessions (and
// "new sign-in" notices) without bound. sign_ins 0: no limit.
struct SignInLimit {
  int sign_ins = 20;
  absl::Duration window = absl::Minutes(10);
};

// What the client receives; the refresh token exists nowhere else in clear.
struct IssuedSession {
  std::string session_id;
  std::string access_token;
  std::string refresh_token;
  absl::Duration access_token_lifetime;
  // From issuance until the refresh token's expiry (its idle lifetime,
  // capped at the session's end).
  absl::Duration refresh_token_lifetime;
};

// What IssueOnce() returns: the session and the user it signed in.
struct IssuedSignIn {
  storage::UserRecord user;  // As stored, with the subscription in force (storage::InForce).
  IssuedSession session;
};

// A session for an OAuth client, asked for by its code exchange
// (server/oauth/token_endpoint.h) for a user who signed in earlier.
struct ClientSessionRequest {
  std::string user_id;      // Required: an existing user.
  std::string client_id;    // The OAuth client the session belongs to.
  std::string client_name;  // Its name, for the listeners (CreatedSession::app_name).
  std::string scope;        // The granted scopes, space-separated.
  absl::Time auth_time;     // When the user signed in (OpenID Connect Core section 2).
  std::string sign_in_method;
  storage::DeviceInfo device;  // The browser the user signed in with.
};

// Makes `claims` an OAuth client's RFC 9068 access token when `session` is
// a client's (client_id, auth_time, and `scope`: the session's grant or,
// after a narrowing refresh, less); leaves a first-party session's as is.
void SetClientClaims(const storage::SessionRecord& session, absl::string_view scope,
                     AccessTokenClaims& claims);

class SessionIssuer {
 public:
  // All references must outlive the issuer.
  SessionIssuer(SessionLifetimes lifetimes, storage::SessionStore& sessions,
                storage::UserStore& users, const RotationKey& key, const AccessTokenSigner& signer,
                const Clock& clock)
      : lifetimes_(lifetimes),
        sessions_(sessions),
        users_(users),
        key_(key),
        signer_(signer),
        clock_(clock) {}

  // Registers `listener` (which must outlive this) to hear of every session
  // issued from now on, after those registered before it. Call while wiring,
  // before any Issue().
  void AddListener(SessionListener& listener) { listeners_.push_back(&listener); }

  // Limits the sessions issued per Telegram account to `limit`, counted in
  // `limiter` (which must outlive this; shared by every replica in
  // production). Call while wiring, before any Issue().
  void LimitPerUser(storage::RateLimiter& limiter, SignInLimit limit) {
    limiter_ = &limiter;
    limit_ = limit;
  }

  // Signs the Telegram account `who` in: finds or creates its user (as
  // UserDirectory::Upsert) and creates the session with its first refresh
  // token (stored as SHA-256) in one store write
  // (SessionStore::CreateForTelegramUser), then signs an access token for
  // it and tells the listeners. `sign_in_method` is e.g. "widget"; the
  // token's `tier` claim is the user's subscription in force.
  // If the store's write committed but its answer was lost, the session it
  // made is read back and handed out (listeners told once).
  // INVALID_ARGUMENT as ValidateProfile; RESOURCE_EXHAUSTED if the account
  // reached its SignInLimit; UNAVAILABLE if a store is unreachable (then no
  // session exists, or, if the connection broke around the commit, one
  // that nobody will use and that ends with its idle lifetime).
  absl::StatusOr<IssuedSignIn> Issue(const storage::TelegramProfile& who,
                                     const storage::DeviceInfo& device,
                                     absl::string_view sign_in_method);

  // Creates a session of `request.user_id` for an OAuth client, with a new
  // refresh token (stored as SHA-256), signs its access token and tells the
  // listeners. No sign-in is counted: the user's own sign-in was.
  // PERMISSION_DENIED (kBlockedUserMessage) if the user was blocked since;
  // NOT_FOUND if the user was erased since; FAILED_PRECONDITION if no
  // OAuth client has request.client_id; UNAVAILABLE if a store is
  // unreachable (then no session exists, or, if the connection broke around
  // the commit, one that nobody will use and that ends with its idle
  // lifetime).
  absl::StatusOr<IssuedSignIn> IssueForClient(const ClientSessionRequest& request);

  // The SignInLimit as a quota for a store that counts a redemption in the
  // step that redeems it, in the limiter's buckets (PendingLoginStore's
  // LoginChange::quota); nullopt if sign-ins are not limited.
  std::optional<storage::LoginQuota> SignInQuota() const;

  // Signs the Telegram account `who` in at most once per
  // `redemption_secret` (a login's poll token): finds or creates its user
  // (as UserDirectory::Upsert) and creates the session with its first
  // refresh token in one store write (SessionStore::CreateForTelegramUser).
  // That token is RotationKey::RedemptionToken(secret), so a retry after a
  // crash, or after a response lost on its way, computes the same token and
  // finds the session already made. Then, while that token has never been
  // used, the same session and refresh token are returned with a fresh
  // access token (listeners are not told again). At most one session exists
  // per secret (the token hash is unique), and a session committed by an
  // attempt whose answer was lost stays reachable by its secret's holder.
  // The caller counted this attempt against SignInQuota() (`within_limit`:
  // its outcome; true when there is no limit).
  // INVALID_ARGUMENT as ValidateProfile; FAILED_PRECONDITION if the session
  // exists but its first refresh token was used (so its answer did arrive)
  // or it ended; RESOURCE_EXHAUSTED if not `within_limit`, unless the
  // session exists already; UNAVAILABLE if a store is unreachable (retry:
  // nothing or the one session was written).
  absl::StatusOr<IssuedSignIn> IssueOnce(absl::string_view redemption_secret,
                                         const storage::TelegramProfile& who,
                                         const storage::DeviceInfo& device,
                                         absl::string_view sign_in_method, bool within_limit);

 private:
  // Issue() with `refresh_token` as the first refresh token, without
  // counting the sign-in; `redeems_login` for IssueOnce's session (its
  // login.confirmed event commits with it). ALREADY_EXISTS if its hash is
  // taken.
  absl::StatusOr<IssuedSignIn> IssueWith(std::string refresh_token,
                                         const storage::TelegramProfile& who,
                                         const storage::DeviceInfo& device,
                                         absl::string_view sign_in_method, bool redeems_login);
  // Tells every listener of the session `session_id` just created for
  // `user` (as stored after the sign-in) when `who` signed in, for the OAuth
  // app `app_name` ("" for the site itself).
  void Announce(const storage::UserRecord& user, const storage::TelegramProfile& who,
                const std::string& session_id, const storage::DeviceInfo& device,
                absl::string_view sign_in_method, absl::string_view app_name);
  // OK if the account of `telegram_id` may sign in once more (counted);
  // RESOURCE_EXHAUSTED if it reached its SignInLimit.
  absl::Status CountSignIn(int64_t telegram_id);
  // The refusal of a sign-in beyond the SignInLimit.
  static absl::Status OverLimit();
  // The pair of the session whose first refresh token is `refresh_token`,
  // and its user, as IssueOnce() describes a retry; NOT_FOUND if there is
  // none.
  absl::StatusOr<IssuedSignIn> Reissue(std::string refresh_token, int64_t telegram_id);
  // A fresh access token for `session`, ending by `session_end`, handed out
  // with `refresh_token`, which expires at `refresh_token_end`; an RFC 9068
  // token if the session is an OAuth client's.
  absl::StatusOr<IssuedSession> Sign(const std::string& user_id,
                                     const storage::SessionRecord& session, int64_t telegram_id,
                                     absl::string_view subscription_tier, std::string refresh_token,
                                     absl::Time refresh_token_end, absl::Time now,
                                     absl::Time session_end) const;

  SessionLifetimes lifetimes_;
  storage::SessionStore& sessions_;
  storage::UserStore& users_;
  const RotationKey& key_;
  const AccessTokenSigner& signer_;
  const Clock& clock_;
  std::vector<SessionListener*> listeners_;
  storage::RateLimiter* limiter_ = nullptr;  // Null: no per-account limit.
  SignInLimit limit_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_SESSION_ISSUER_H_
