#include "storage/memory/in_memory_invite_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/domain_events.h"

namespace tgauth::storage {

absl::Status InMemoryInviteStore::Create(const InviteCode& code) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  for (const InviteCode& c : codes_) {
    if (c.code_hash == code.code_hash)
      return absl::AlreadyExistsError("invite code already exists");
  }
  InviteCode stored = code;
  stored.uses = 0;
  stored.created_at = ToStoredPrecision(code.created_at);
  if (stored.expires_at.has_value()) stored.expires_at = ToStoredPrecision(*stored.expires_at);
  codes_.push_back(std::move(stored));
  return absl::OkStatus();
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
  if (code == codes_.end()) return Redemption{.result = RedeemResult::kUnknownCode};
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
    redemptions_.insert(std::move(key));
    ++code->uses;
  }
  return Redemption{.result = result, .subscription = *std::move(subscription)};
}

}  // namespace tgauth::storage
