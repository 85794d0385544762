#include "server/user_directory.h"

#include "absl/status/status.h"

namespace tgauth {

absl::StatusOr<storage::UserRecord> UserDirectory::Upsert(const storage::TelegramProfile& profile) {
  if (profile.telegram_id <= 0) return absl::InvalidArgumentError("telegram_id must be positive");
  if (profile.first_name.empty()) return absl::InvalidArgumentError("first_name is required");

  absl::StatusOr<storage::UserRecord> user = users_.FindByTelegramId(profile.telegram_id);
  if (absl::IsNotFound(user.status())) {
    user = users_.Insert(profile, clock_.Now());
    // Another sign-in of the same account created it first: use that row.
    if (absl::IsAlreadyExists(user.status())) user = users_.FindByTelegramId(profile.telegram_id);
  }
  if (!user.ok()) return user.status();
  if (user->profile == profile) return user;
  return users_.UpdateProfile(user->id, profile, clock_.Now());
}

absl::StatusOr<storage::UserRecord> UserDirectory::Find(absl::string_view user_id) {
  absl::StatusOr<storage::UserRecord> user =
      users_.FindById(std::string_view(user_id.data(), user_id.size()));
  if (absl::IsNotFound(user.status())) return absl::NotFoundError("no such user");
  return user;
}

}  // namespace tgauth
