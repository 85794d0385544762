#include "storage/memory/in_memory_user_admin_store.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/match.h"
#include "storage/domain_events.h"

namespace tgauth::storage {
namespace {

bool Matches(const UserFilter& filter, const UserRecord& user) {
  if (filter.created_after.has_value() && user.created_at < *filter.created_after) return false;
  if (filter.created_before.has_value() && user.created_at >= *filter.created_before) {
    return false;
  }
  if (filter.blocked.has_value() && user.blocked() != *filter.blocked) return false;
  return filter.tier.empty() || user.subscription.tier == filter.tier;
}

// List's order: newest first by (created_at, id).
bool Newer(const UserRecord& a, const UserRecord& b) {
  return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
}

}  // namespace

absl::StatusOr<UserRecord> InMemoryUserAdminStore::FindByUsername(absl::string_view username) {
  std::vector<UserRecord> all = users_.All();
  std::sort(all.begin(), all.end(), Newer);
  for (const UserRecord& user : all) {
    if (!username.empty() && absl::EqualsIgnoreCase(user.profile.username, username)) return user;
  }
  return absl::NotFoundError("no user with this username");
}

absl::StatusOr<std::vector<UserRecord>> InMemoryUserAdminStore::List(
    const UserFilter& filter, const std::optional<UserCursor>& after, int limit) {
  std::vector<UserRecord> page;
  for (UserRecord& user : users_.All()) {
    if (!Matches(filter, user)) continue;
    if (after.has_value() &&
        std::tie(user.created_at, user.id) >= std::tie(after->created_at, after->id)) {
      continue;
    }
    page.push_back(std::move(user));
  }
  std::sort(page.begin(), page.end(), Newer);
  if (page.size() > static_cast<size_t>(std::max(limit, 0))) page.resize(std::max(limit, 0));
  return page;
}

absl::Status InMemoryUserAdminStore::RevokeAll(absl::string_view user_id, absl::Time now,
                                               absl::string_view reason, UserChange& change) {
  absl::StatusOr<std::vector<std::string>> revoked =
      sessions_.RevokeAllExcept(user_id, "", now, reason);
  if (!revoked.ok()) return revoked.status();
  change.revoked_session_ids = *std::move(revoked);
  return absl::OkStatus();
}

absl::StatusOr<UserChange> InMemoryUserAdminStore::Block(absl::string_view user_id,
                                                         absl::string_view reason,
                                                         absl::Time now) {
  absl::MutexLock lock(&mu_);
  UserChange change;
  absl::StatusOr<UserRecord> user = users_.Change(user_id, [&](UserRecord& u) {
    if (u.blocked()) return;
    u.blocked_at = ToStoredPrecision(now);
    u.blocked_reason = std::string(reason);
    u.updated_at = ToStoredPrecision(now);
    change.changed = true;
  });
  if (!user.ok()) return user.status();
  change.user = *std::move(user);
  if (absl::Status s = RevokeAll(user_id, now, kRevokedBlocked, change); !s.ok()) return s;
  if (change.changed) {
    users_.events().Append(UserBlockedEvent(EventOrigin::Current(), user_id, reason), now);
  }
  return change;
}

absl::StatusOr<UserChange> InMemoryUserAdminStore::Unblock(absl::string_view user_id,
                                                           absl::Time now) {
  absl::MutexLock lock(&mu_);
  UserChange change;
  absl::StatusOr<UserRecord> user = users_.Change(user_id, [&](UserRecord& u) {
    if (!u.blocked()) return;
    u.blocked_at.reset();
    u.blocked_reason.clear();
    u.updated_at = ToStoredPrecision(now);
    change.changed = true;
  });
  if (!user.ok()) return user.status();
  change.user = *std::move(user);
  if (change.changed) users_.events().Append(UserUnblockedEvent(EventOrigin::Current(), user_id), now);
  return change;
}

absl::StatusOr<UserChange> InMemoryUserAdminStore::Erase(absl::string_view user_id,
                                                         absl::Time now) {
  absl::MutexLock lock(&mu_);
  UserChange change;
  absl::StatusOr<UserRecord> user = users_.FindById(user_id);
  if (!user.ok()) return user.status();
  change.user = *std::move(user);
  if (absl::Status s = RevokeAll(user_id, now, kRevokedDeleted, change); !s.ok()) return s;
  sessions_.ForgetDevices(user_id);
  if (absl::Status s = users_.Remove(user_id); !s.ok()) return s;
  change.changed = true;
  users_.events().Append(UserDeletedEvent(EventOrigin::Current(), user_id), now);
  return change;
}

absl::StatusOr<std::vector<int64_t>> InMemoryUserAdminStore::ListBlockedTelegramIds() {
  if (absl::Status s = users_.CheckReachable(); !s.ok()) return s;
  std::vector<int64_t> ids;
  for (const UserRecord& user : users_.All()) {
    if (user.blocked()) ids.push_back(user.profile.telegram_id);
  }
  return ids;
}

absl::StatusOr<std::vector<UserRedemption>> InMemoryUserAdminStore::ListRedemptions(
    absl::string_view user_id) {
  return invites_.RedemptionsOf(user_id);
}

}  // namespace tgauth::storage
