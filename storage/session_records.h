// The rows SessionStore reads and writes (storage/session_store.h).
#ifndef TGAUTH_STORAGE_SESSION_RECORDS_H_
#define TGAUTH_STORAGE_SESSION_RECORDS_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "storage/device_info.h"
#include "storage/subscription.h"

namespace tgauth::storage {

struct NewSession {
  std::string user_id;
  std::string sign_in_method;  // e.g. "qr".
  DeviceInfo device;
  std::string refresh_token_hash;  // SHA-256 of the refresh token, 32 raw bytes.
  absl::Time created_at;
  absl::Time expires_at;                // End of the session's absolute lifetime.
  absl::Time refresh_token_expires_at;  // End of the refresh token's idle lifetime.
  // The session redeems a login its user confirmed in the bot (QR login):
  // the login.confirmed event commits with it.
  bool redeems_confirmed_login = false;
  // The registered OAuth client (storage/oauth_client_store.h) whose token
  // endpoint made the session; empty for a first-party session (tgauth's
  // own sign-in routes).
  std::string client_id;
  // The scope granted to `client_id`: space-separated scope tokens (RFC 6749
  // section 3.3), stored as given; empty for a first-party session.
  std::string scope;
  // When the user authenticated (OpenID Connect Core 1.0 section 2,
  // `auth_time`), which precedes created_at when a client redeems its
  // authorization code after the sign-in. InfinitePast: at created_at.
  absl::Time auth_time = absl::InfinitePast();

  // The auth_time the store records: auth_time, or created_at if unset.
  absl::Time recorded_auth_time() const {
    return auth_time == absl::InfinitePast() ? created_at : auth_time;
  }
};

struct SessionRecord {
  std::string id;  // UUID, assigned by the store.
  std::string user_id;
  std::string sign_in_method;
  DeviceInfo device;
  absl::Time created_at;
  absl::Time expires_at;  // End of the absolute lifetime.
  // End of the idle lifetime of the session's current refresh token.
  absl::Time refresh_token_expires_at;
  std::optional<absl::Time> last_refreshed_at;  // Unset until the first rotation.
  bool revoked = false;
  std::string revoke_reason;  // Set when revoked, e.g. "logout".
  std::string client_id;      // The OAuth client it was issued to; empty: first-party.
  std::string scope;          // Space-separated scope granted (RFC 6749 section 3.3), or empty.
  // When the user authenticated (OpenID Connect Core 1.0 section 2,
  // `auth_time`, which ID tokens repeat on refresh): as created, or
  // created_at if the session was created without one.
  absl::Time auth_time;

  // When the session ends unless refreshed: the earlier of its absolute
  // lifetime and its current refresh token's idle lifetime.
  absl::Time active_until() const { return std::min(expires_at, refresh_token_expires_at); }
};

// One refresh token row; the token itself exists only with its holder.
struct RefreshTokenRecord {
  std::string token_hash;  // SHA-256, 32 raw bytes.
  absl::Time created_at;
  absl::Time expires_at;                 // End of its idle lifetime.
  std::optional<absl::Time> rotated_at;  // Unset while it is the current token.
  std::string replaced_by;               // The successor's hash; empty while current.
};

// What Refresh() reads under the session's row lock.
struct RefreshChain {
  SessionRecord session;
  int64_t telegram_id = 0;  // Of the session's user, for the access token.
  // Of the session's user, as stored (it may have lapsed: see InForce), for
  // the access token's `tier` claim.
  Subscription subscription;
  // The presented token first, then its successors (following replaced_by)
  // up to the current token, or SessionStore::kMaxChainLength rows if the
  // chain is longer.
  std::vector<RefreshTokenRecord> tokens;
};

// What Refresh() writes, chosen by its caller.
struct RefreshDecision {
  enum class Action {
    kNothing,
    kRotate,  // The chain's last token is current: rotate it to the successor.
    kRevoke,  // Revoke the session (e.g. reuse of a rotated token).
  };
  static RefreshDecision Nothing() { return {}; }
  static RefreshDecision Rotate(absl::Time now, std::string successor_hash,
                                absl::Time successor_expires_at) {
    return {Action::kRotate, now, std::move(successor_hash), successor_expires_at, ""};
  }
  static RefreshDecision Revoke(absl::Time now, std::string reason) {
    return {Action::kRevoke, now, "", absl::InfinitePast(), std::move(reason)};
  }

  Action action = Action::kNothing;
  // kRotate: rotated_at, the successor's created_at and last_refreshed_at.
  // kRevoke: revoked_at.
  absl::Time now;
  std::string successor_hash;  // kRotate: SHA-256 of the new token.
  absl::Time successor_expires_at;
  std::string revoke_reason;  // kRevoke.
};

// The outcome of revoking a session found by one of its refresh tokens.
struct Revocation {
  std::string session_id;
  bool newly_revoked = false;  // False if it already was revoked.
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_SESSION_RECORDS_H_
