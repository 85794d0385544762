// Issues sessions: one per successful sign-in, whatever the method, never
// touching the user's other sessions (multi-device), and tells the
// registered SessionListeners of each.
#ifndef TGAUTH_SERVER_SESSION_SESSION_ISSUER_H_
#define TGAUTH_SERVER_SESSION_SESSION_ISSUER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/session/session_listener.h"
#include "server/token/access_token_signer.h"
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
};

class SessionIssuer {
 public:
  SessionIssuer(SessionLifetimes lifetimes, storage::SessionStore& sessions,
                const AccessTokenSigner& signer, const Clock& clock)
      : lifetimes_(lifetimes), sessions_(sessions), signer_(signer), clock_(clock) {}

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

  // Creates the session row and its first refresh token (stored as SHA-256),
  // then signs an access token for it and tells the listeners. `sign_in_method` is e.g. "qr";
  // `subscription_tier` is the user's tier in force (storage::InForce), the
  // token's `tier` claim, empty for none. RESOURCE_EXHAUSTED if the
  // account reached its SignInLimit; UNAVAILABLE if a store is unreachable
  // (then no session exists).
  absl::StatusOr<IssuedSession> Issue(const std::string& user_id, int64_t telegram_id,
                                      const storage::DeviceInfo& device,
                                      absl::string_view sign_in_method,
                                      absl::string_view subscription_tier = {});

 private:
  SessionLifetimes lifetimes_;
  storage::SessionStore& sessions_;
  const AccessTokenSigner& signer_;
  const Clock& clock_;
  std::vector<SessionListener*> listeners_;
  storage::RateLimiter* limiter_ = nullptr;  // Null: no per-account limit.
  SignInLimit limit_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_SESSION_ISSUER_H_
