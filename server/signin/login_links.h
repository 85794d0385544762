// Bot-initiated login links: the bot makes a one-time link token
// bound to the Telegram user who asked, and sends
// <site_url>/auth/telegram/callback?token=<token>; the site's callback page
// exchanges the token for a session (ExchangeLoginLink). Only the token's
// SHA-256 is stored; a token works once, until it expires.
#ifndef TGAUTH_SERVER_SIGNIN_LOGIN_LINKS_H_
#define TGAUTH_SERVER_SIGNIN_LOGIN_LINKS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "storage/login_link_store.h"

namespace tgauth {

struct LoginLinkOptions {
  std::string site_url;                   // The callback page lives under it.
  absl::Duration ttl = absl::Minutes(5);  // How long a link works.
};

class LoginLinks {
 public:
  // `links` and `clock` must outlive this.
  LoginLinks(LoginLinkOptions options, storage::LoginLinkStore& links, const Clock& clock);

  // A new link for `who`: <site_url>/auth/telegram/callback?token=<43
  // base64url characters>. INVALID_ARGUMENT if who.telegram_id <= 0;
  // UNAVAILABLE if the store is unreachable.
  absl::StatusOr<std::string> Create(const storage::TelegramProfile& who);

  // Consumes `token`: the link it was made for; exactly one of concurrent
  // calls gets it. INVALID_ARGUMENT if the token is malformed;
  // UNAUTHENTICATED if unknown, used or expired; UNAVAILABLE.
  absl::StatusOr<storage::LoginLink> Consume(absl::string_view token);

  // The link `token` was made for, left unused (the callback page shows
  // whose it is before the person exchanges it). INVALID_ARGUMENT if the
  // token is malformed; NOT_FOUND if unknown, used or expired; UNAVAILABLE.
  absl::StatusOr<storage::LoginLink> Find(absl::string_view token);

  // Puts a link consumed by Consume back until its original expiry, for when
  // the sign-in failed after consuming it (so the user's retry works). Best
  // effort: failures are logged.
  void Restore(absl::string_view token, const storage::LoginLink& link);

  const LoginLinkOptions& options() const { return options_; }

 private:
  using StoreLookup =
      absl::StatusOr<storage::LoginLink> (storage::LoginLinkStore::*)(absl::string_view key);

  // `lookup` (Consume or Find) of a well-formed token's link; NOT_FOUND also
  // for a link the store has not yet expired but whose time is up.
  absl::StatusOr<storage::LoginLink> Look(absl::string_view token, StoreLookup lookup);

  LoginLinkOptions options_;
  storage::LoginLinkStore& links_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SIGNIN_LOGIN_LINKS_H_
