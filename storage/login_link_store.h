// One-time login links the bot hands out (server/signin/login_links.h):
// `/start web_auth` → a link token bound to that Telegram user → the site's
// callback exchanges it for a session. Redis in production: ephemeral,
// shared by every replica, expiring by TTL.
#ifndef TGAUTH_STORAGE_LOGIN_LINK_STORE_H_
#define TGAUTH_STORAGE_LOGIN_LINK_STORE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/user_store.h"

namespace tgauth::storage {

struct LoginLink {
  TelegramProfile who;    // The Telegram user who asked the bot for the link.
  absl::Time expires_at;  // Whole microseconds.

  friend bool operator==(const LoginLink&, const LoginLink&) = default;
};

class LoginLinkStore {
 public:
  virtual ~LoginLinkStore() = default;

  // Stores `link` under `key` (hex SHA-256 of its token; the token itself is
  // never stored) until link.expires_at. ALREADY_EXISTS if `key` is held;
  // INVALID_ARGUMENT if expires_at is not after `now`; UNAVAILABLE if the
  // store is unreachable.
  virtual absl::Status Create(absl::string_view key, const LoginLink& link, absl::Time now) = 0;

  // Atomically removes the link under `key` and returns it: of concurrent
  // calls, exactly one gets it. NOT_FOUND if absent, expired or already
  // consumed; UNAVAILABLE if the store is unreachable.
  virtual absl::StatusOr<LoginLink> Consume(absl::string_view key) = 0;

  // The link under `key`, left in place. NOT_FOUND if absent, expired or
  // already consumed; UNAVAILABLE if the store is unreachable.
  virtual absl::StatusOr<LoginLink> Find(absl::string_view key) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_LOGIN_LINK_STORE_H_
