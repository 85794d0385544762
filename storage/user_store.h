// Users, keyed by their Telegram id (the stable account key: Telegram gives
// no e-mail). PostgreSQL in production.
#ifndef TGAUTH_STORAGE_USER_STORE_H_
#define TGAUTH_STORAGE_USER_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/subscription.h"

namespace tgauth::storage {

// The profile fields Telegram gives about a user; empty string = absent.
struct TelegramProfile {
  int64_t telegram_id = 0;
  std::string first_name;
  std::string last_name;
  std::string username;
  std::string photo_url;
  // The user's language as their Telegram app last reported it (Bot API
  // User.language_code, an IETF language tag such as "ru" or "en-US");
  // empty when unknown (the Login Widget does not send it).
  std::string language_code;

  friend bool operator==(const TelegramProfile&, const TelegramProfile&) = default;
};

// The profile to store when `signed_in` signs in to a user stored with
// `stored`: the Bot API's User carries no photo, so sign-ins through the bot
// (QR, login link, invite code) bring an empty photo_url, which keeps the
// stored one (or alternating between the bot and the widget would rewrite
// the row on every sign-in). A photo removed in Telegram stays until the
// next widget or Mini App sign-in that sends a new one. Likewise an empty
// language_code (the widget sends none) keeps the stored one.
inline TelegramProfile UpdatedProfile(const TelegramProfile& stored,
                                      const TelegramProfile& signed_in) {
  TelegramProfile wanted = signed_in;
  if (wanted.photo_url.empty()) wanted.photo_url = stored.photo_url;
  if (wanted.language_code.empty()) wanted.language_code = stored.language_code;
  return wanted;
}

struct UserRecord {
  std::string id;  // UUID, assigned by the store.
  TelegramProfile profile;
  // As stored (it may have lapsed: see InForce). Written only by invite code
  // redemption (InviteStore::Redeem), never by a sign-in.
  Subscription subscription;
  absl::Time created_at;
  absl::Time updated_at;  // Moves only when the profile or subscription is written.
  // Set while an operator blocks the user: no sign-in method admits them
  // (SessionStore::CreateForTelegramUser refuses with PERMISSION_DENIED).
  std::optional<absl::Time> blocked_at;
  std::string blocked_reason;  // The operator's note; empty unless blocked.

  bool blocked() const { return blocked_at.has_value(); }
};

// What a sign-in of a blocked user is refused with, whatever the method.
inline constexpr char kBlockedUserMessage[] =
    "this Telegram account is blocked from signing in; contact the site's operator";

class UserStore {
 public:
  virtual ~UserStore() = default;

  // The user with this Telegram id. NOT_FOUND if there is none; UNAVAILABLE
  // if the store cannot be reached.
  virtual absl::StatusOr<UserRecord> FindByTelegramId(int64_t telegram_id) = 0;

  // The user with this tgauth id (UUID). NOT_FOUND if there is none (also
  // for an id that is no UUID); UNAVAILABLE if the store cannot be reached.
  virtual absl::StatusOr<UserRecord> FindById(absl::string_view user_id) = 0;

  // Inserts a user with created_at = updated_at = now. ALREADY_EXISTS if a
  // user with that Telegram id exists (also when a concurrent insert won).
  virtual absl::StatusOr<UserRecord> Insert(const TelegramProfile& profile, absl::Time now) = 0;

  // Overwrites the profile of user `user_id` and sets updated_at = now;
  // returns the row as written. NOT_FOUND if there is no such user.
  virtual absl::StatusOr<UserRecord> UpdateProfile(absl::string_view user_id,
                                                   const TelegramProfile& profile,
                                                   absl::Time now) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_USER_STORE_H_
