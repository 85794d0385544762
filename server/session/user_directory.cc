#include "server/session/user_directory.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tgauth {

absl::Status ValidateProfile(const storage::TelegramProfile& profile) {
  if (profile.telegram_id <= 0) return absl::InvalidArgumentError("telegram_id must be positive");
  if (profile.first_name.empty()) return absl::InvalidArgumentError("first_name is required");
  return absl::OkStatus();
}

absl::StatusOr<storage::UserRecord> UserDirectory::Upsert(const storage::TelegramProfile& profile) {
  if (absl::Status s = ValidateProfile(profile); !s.ok()) return s;

  absl::StatusOr<storage::UserRecord> user = users_.FindByTelegramId(profile.telegram_id);
  if (absl::IsNotFound(user.status())) {
    user = users_.Insert(profile, clock_.Now());
    // Another sign-in of the same account created it first: use that row.
    if (absl::IsAlreadyExists(user.status())) user = users_.FindByTelegramId(profile.telegram_id);
  }
  if (!user.ok()) return user.status();
  const storage::TelegramProfile wanted = storage::UpdatedProfile(user->profile, profile);
  if (user->profile == wanted) return user;
  return users_.UpdateProfile(user->id, wanted, clock_.Now());
}

absl::StatusOr<storage::UserRecord> UserDirectory::Find(absl::string_view user_id) {
  absl::StatusOr<storage::UserRecord> user = users_.FindById(user_id);
  if (absl::IsNotFound(user.status())) return absl::NotFoundError("no such user");
  if (!user.ok()) return user.status();
  user->subscription = storage::InForce(user->subscription, clock_.Now());
  return user;
}

}  // namespace tgauth
