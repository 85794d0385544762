#include "storage/memory/in_memory_user_store.h"

#include "absl/strings/string_view.h"
#include "storage/domain_events.h"

namespace tgauth::storage {

absl::StatusOr<UserRecord> InMemoryUserStore::FindByTelegramId(int64_t telegram_id) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = ids_.find(telegram_id);
  if (it == ids_.end()) return absl::NotFoundError("no user with this Telegram id");
  return users_.at(it->second);
}

absl::StatusOr<UserRecord> InMemoryUserStore::FindById(absl::string_view user_id) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return absl::NotFoundError("no such user");
  return it->second;
}

absl::StatusOr<UserRecord> InMemoryUserStore::Insert(const TelegramProfile& profile,
                                                     absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  if (ids_.contains(profile.telegram_id)) {
    return absl::AlreadyExistsError("a user with this Telegram id exists");
  }
  UserRecord user{.id = NewFakeUuid(),
                  .profile = profile,
                  .created_at = ToStoredPrecision(now),
                  .updated_at = ToStoredPrecision(now)};
  ids_[profile.telegram_id] = user.id;
  users_[user.id] = user;
  events_.Append(UserCreatedEvent(EventOrigin::Current(), user.id, profile), now);
  return user;
}

absl::StatusOr<UserRecord> InMemoryUserStore::UpdateProfile(absl::string_view user_id,
                                                            const TelegramProfile& profile,
                                                            absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return absl::NotFoundError("no such user");
  UserRecord& user = it->second;
  const TelegramProfile before = user.profile;
  user.profile = profile;
  user.profile.telegram_id = before.telegram_id;  // The account key stays.
  user.updated_at = ToStoredPrecision(now);
  // A change of language alone changes no User field: no event.
  std::vector<std::string> changed = ChangedProfileFields(before, user.profile);
  if (!changed.empty()) {
    events_.Append(UserUpdatedEvent(EventOrigin::Current(), user.id, changed), now);
  }
  return user;
}

absl::StatusOr<Subscription> InMemoryUserStore::ChangeSubscription(
    absl::string_view user_id, absl::FunctionRef<Subscription(const Subscription&)> change,
    absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return absl::NotFoundError("no such user");
  UserRecord& user = it->second;
  Subscription changed = change(user.subscription);
  if (changed != user.subscription) {
    user.subscription = std::move(changed);
    user.updated_at = ToStoredPrecision(now);
    events_.Append(SubscriptionChangedEvent(EventOrigin::Current(), user.id, user.subscription),
                   now);
  }
  return user.subscription;
}

bool InMemoryUserStore::Contains(absl::string_view user_id) const {
  absl::MutexLock lock(&mu_);
  return users_.contains(std::string(user_id));
}

std::vector<UserRecord> InMemoryUserStore::All() const {
  absl::MutexLock lock(&mu_);
  std::vector<UserRecord> all;
  for (const auto& [id, user] : users_) all.push_back(user);
  return all;
}

absl::StatusOr<UserRecord> InMemoryUserStore::Change(absl::string_view user_id,
                                                     absl::FunctionRef<void(UserRecord&)> change) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return absl::NotFoundError("no such user");
  change(it->second);
  return it->second;
}

absl::Status InMemoryUserStore::Remove(absl::string_view user_id) {
  absl::MutexLock lock(&mu_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return absl::NotFoundError("no such user");
  ids_.erase(it->second.profile.telegram_id);
  users_.erase(it);
  return absl::OkStatus();
}

}  // namespace tgauth::storage
