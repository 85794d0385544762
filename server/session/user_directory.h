// Finds or creates the tgauth user for a Telegram account: the one user
// upsert every sign-in method ends in. A new device signs the same user in
// again (a new session beside the others), never a second user, and a
// re-login that changes nothing writes nothing.
#ifndef TGAUTH_SERVER_SESSION_USER_DIRECTORY_H_
#define TGAUTH_SERVER_SESSION_USER_DIRECTORY_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "storage/user_store.h"

namespace tgauth {

// OK if `profile` can name a user; INVALID_ARGUMENT for a non-positive
// telegram_id or an empty first_name.
absl::Status ValidateProfile(const storage::TelegramProfile& profile);

class UserDirectory {
 public:
  UserDirectory(storage::UserStore& users, const Clock& clock) : users_(users), clock_(clock) {}

  // 1. find by telegram_id; 2. insert if absent, and if a concurrent insert
  // won, read the winner's row; 3. write the profile only if a field changed,
  // so an unchanged re-login leaves updated_at alone (storage::UpdatedProfile:
  // an empty photo_url keeps the stored photo). Never touches the
  // subscription. Returns the user as stored. INVALID_ARGUMENT as
  // ValidateProfile; UNAVAILABLE if the store is unreachable.
  absl::StatusOr<storage::UserRecord> Upsert(const storage::TelegramProfile& profile);

  // The user with tgauth id `user_id` (an access token's `sub`), with the
  // subscription in force now (storage::InForce). NOT_FOUND
  // if there is none; UNAVAILABLE if the store is unreachable.
  absl::StatusOr<storage::UserRecord> Find(absl::string_view user_id);

  // The user of this Telegram account as stored, without creating one.
  // NOT_FOUND if there is none; UNAVAILABLE if the store is unreachable.
  absl::StatusOr<storage::UserRecord> Find(int64_t telegram_id) {
    return users_.FindByTelegramId(telegram_id);
  }

 private:
  storage::UserStore& users_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SESSION_USER_DIRECTORY_H_
