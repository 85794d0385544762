// Logins waiting for a Telegram scan (server/qr_login/login_broker.h).
// Redis in production: ephemeral, shared by every replica, expiring by TTL.
#ifndef TGAUTH_STORAGE_PENDING_LOGIN_STORE_H_
#define TGAUTH_STORAGE_PENDING_LOGIN_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/device_info.h"
#include "storage/user_store.h"

namespace tgauth::storage {

// Stored states. "Expired" is not stored: it is `expires_at` in the past.
enum class LoginState { kPending, kScanned, kConfirmed, kRedeemed, kDenied };

absl::string_view LoginStateName(LoginState state);  // "pending", "scanned", ...

// The Telegram user who scanned, and the tgauth user they resolved to.
struct LoginUser {
  std::string user_id;  // Empty while the login waits for their confirmation.
  TelegramProfile profile;
  // The user's subscription in force when they scanned (InForce), so the
  // session issued on redemption carries the tier without another read.
  Subscription subscription;

  friend bool operator==(const LoginUser&, const LoginUser&) = default;
};

struct PendingLogin {
  std::string poll_token_hash;  // SHA-256 of the poll token, 32 raw bytes.
  LoginState state = LoginState::kPending;
  absl::Time created_at;
  absl::Time expires_at;
  DeviceInfo device;
  // The code the browser shows and the user must pick in the bot (phishing
  // defence, RFC 8628 section 5.4); empty when the deployment asks none.
  std::string match_code;
  // What the bot offers to pick from: match_code and its decoys, in the
  // order shown. Drawn once, when the login is created, so scanning again
  // shows the same choices (new decoys each time would give the right code
  // away as the one that repeats). Empty with match_code.
  std::vector<std::string> match_code_choices;
  // The name of the OAuth app (its client's name, ValidateClientName) this
  // login signs the person in to through tgauth, so the bot names it; empty
  // when the login is for the site itself.
  std::string app_name;
  std::optional<LoginUser> user;  // Set once the login was scanned.
};

// A fixed-window budget counted in the same step as a transition, with
// RateLimiter::Allow's semantics and in its buckets: the bucket is
// `bucket_prefix` followed by the login's user's Telegram id (decimal), read
// by the store in that step.
struct LoginQuota {
  std::string bucket_prefix;  // E.g. "sign-in-user:".
  int limit = 1;              // At least 1.
  absl::Duration window;      // Positive.
};

// A guarded state change (PendingLoginStore::Transition): applied only if
// the login is in state `from` and every guard that is set holds.
struct LoginChange {
  LoginState from = LoginState::kPending;
  LoginState to = LoginState::kPending;
  // Written with the state when applied; null keeps the stored user.
  const LoginUser* user = nullptr;
  // Guard: the login has not expired at this time (now < expires_at).
  // InfinitePast: no expiry guard.
  absl::Time unexpired_at = absl::InfinitePast();
  // Guard: the stored poll_token_hash equals this (32 raw bytes of
  // SHA-256, so comparing it reveals nothing usable about the poll token).
  // Empty: no guard.
  absl::string_view poll_token_hash;
  // Guard: the stored user's Telegram id equals this (the login was scanned
  // by this account). 0: no guard.
  int64_t scanned_by = 0;
  // Guard: the stored match code equals this (an empty one: the login has
  // none). Unset: no guard. Not a secret compared in constant time: a pick
  // that misses it ends the login (server/qr_login/login_broker.h), so
  // there is never a second guess to time.
  std::optional<absl::string_view> match_code;
  // When applied, tell every replica's LoginEvents subscriber that the login
  // changed (waking its parked polls), in the same atomic step.
  bool wake = false;
  // When set and the change is applied to a login with a user, counts one
  // request against the quota in the same step and keeps the verdict with
  // the login. A retry (the login already in `to`, the poll token guard
  // holding) gets that verdict without counting again: a browser retrying
  // its redemption through an outage must not spend the account's budget.
  // Null: counts nothing.
  const LoginQuota* quota = nullptr;
};

struct LoginTransition {
  bool applied = false;  // False: the state was not `from`; nothing changed.
  PendingLogin login;    // The login after the call.
  // False if change.quota was counted, now or when the change was applied,
  // and exceeded its limit.
  bool within_quota = true;
};

class PendingLoginStore {
 public:
  virtual ~PendingLoginStore() = default;

  // Stores a new login under `key` (hex SHA-256 of its login token), kept for
  // `retain_for` from now (longer than its expiry, so a late poll can still be
  // told it expired). ALREADY_EXISTS if `key` is taken.
  virtual absl::Status Create(absl::string_view key, const PendingLogin& login,
                              absl::Duration retain_for) = 0;

  // The login under `key`. NOT_FOUND if absent or past its retention.
  virtual absl::StatusOr<PendingLogin> Get(absl::string_view key) = 0;

  // Atomically, in one step: reads the login, applies `change` if its state
  // is change.from and its guards hold (state to change.to, user to
  // *change.user when set; publishing the wake-up when change.wake), and
  // returns the login as it then is. Never changes the retention. NOT_FOUND
  // if absent.
  virtual absl::StatusOr<LoginTransition> Transition(absl::string_view key,
                                                     const LoginChange& change) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_PENDING_LOGIN_STORE_H_
