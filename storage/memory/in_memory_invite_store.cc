#include "storage/memory/in_memory_invite_store.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/domain_events.h"

namespace tgauth::storage {

absl::StatusOr<int64_t> InMemoryInviteStore::Create(const InviteCode& code) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  for (const InviteCode& c : codes_) {
    if (c.code_hash == code.code_hash)
      return absl::AlreadyExistsError("invite code already exists");
  }
  InviteCode stored = code;
  stored.id = next_id_++;
  stored.uses = 0;
  stored.disabled_at.reset();
  stored.created_at = ToStoredPrecision(code.created_at);
  if (stored.expires_at.has_value()) stored.expires_at = ToStoredPrecision(*stored.expires_at);
  codes_.push_back(std::move(stored));
  return codes_.back().id;
}

absl::StatusOr<InviteCode> InMemoryInviteStore::Find(absl::string_view code_hash) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  for (const InviteCode& c : codes_) {
    if (c.code_hash == code_hash) return c;
  }
  return absl::NotFoundError("no such invite code");
}

absl::StatusOr<std::vector<InviteCode>> InMemoryInviteStore::List(int limit) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  std::vector<InviteCode> newest_first(codes_.rbegin(), codes_.rend());
  std::stable_sort(
      newest_first.begin(), newest_first.end(),
      [](const InviteCode& a, const InviteCode& b) { return a.created_at > b.created_at; });
  if (limit >= 0 && newest_first.size() > static_cast<size_t>(limit)) newest_first.resize(limit);
  return newest_first;
}

absl::StatusOr<Redemption> InMemoryInviteStore::Redeem(absl::string_view code_hash,
                                                       absl::string_view user_id, absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto code = std::find_if(codes_.begin(), codes_.end(),
                           [&](const InviteCode& c) { return c.code_hash == code_hash; });
  if (code == codes_.end() || code->disabled_at.has_value()) {
    return Redemption{.result = RedeemResult::kUnknownCode};
  }
  if (!users_.Contains(user_id)) return absl::NotFoundError("no such user");

  auto key = std::make_pair(std::string(code_hash), std::string(user_id));
  RedeemResult result = RedeemResult::kRedeemed;
  if (redemptions_.contains(key)) {
    result = RedeemResult::kAlreadyRedeemed;
  } else if (code->expires_at.has_value() && *code->expires_at <= now) {
    return Redemption{.result = RedeemResult::kExpired};
  } else if (code->uses >= code->max_uses) {
    return Redemption{.result = RedeemResult::kUsedUp};
  }
  if (result == RedeemResult::kRedeemed) {  // Before subscription.changed, as in PostgreSQL.
    users_.events().Append(
        InviteCodeRedeemedEvent(EventOrigin::Current(), user_id,
                                absl::StrCat(code - codes_.begin() + 1), code->tier),
        now);
  }
  absl::StatusOr<Subscription> subscription = users_.ChangeSubscription(
      user_id,
      [&](const Subscription& current) {
        if (result == RedeemResult::kAlreadyRedeemed) return current;
        return Activate(current, code->tier, code->subscription_days, now);
      },
      now);
  if (!subscription.ok()) return subscription.status();
  if (result == RedeemResult::kRedeemed) {
    redemptions_[std::move(key)] = ToStoredPrecision(now);
    ++code->uses;
  }
  return Redemption{.result = result, .subscription = *std::move(subscription)};
}

absl::StatusOr<InviteCode> InMemoryInviteStore::Disable(int64_t id, absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  for (InviteCode& c : codes_) {
    if (c.id != id) continue;
    if (!c.disabled_at.has_value()) c.disabled_at = ToStoredPrecision(now);
    return c;
  }
  return absl::NotFoundError("no such invite code");
}

std::vector<UserRedemption> InMemoryInviteStore::RedemptionsOf(absl::string_view user_id) {
  absl::MutexLock lock(&mu_);
  std::vector<UserRedemption> found;
  for (const auto& [key, redeemed_at] : redemptions_) {
    if (key.second != user_id) continue;
    for (const InviteCode& c : codes_) {
      if (c.code_hash == key.first) found.push_back({c.id, c.tier, redeemed_at});
    }
  }
  std::sort(found.begin(), found.end(), [](const UserRedemption& a, const UserRedemption& b) {
    return std::tie(a.redeemed_at, a.invite_code_id) < std::tie(b.redeemed_at, b.invite_code_id);
  });
  return found;
}

}  // namespace tgauth::storage
