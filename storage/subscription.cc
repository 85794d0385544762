#include "storage/subscription.h"

#include "absl/strings/string_view.h"

namespace tgauth::storage {

Subscription InForce(const Subscription& subscription, absl::Time now) {
  if (subscription.tier.empty()) return {};
  if (subscription.expires_at.has_value() && *subscription.expires_at <= now) return {};
  return subscription;
}

Subscription Activate(const Subscription& current, absl::string_view tier, int days,
                      absl::Time now) {
  Subscription activated{.tier = std::string(tier)};
  if (days > 0) {
    activated.expires_at = absl::FromUnixSeconds(absl::ToUnixSeconds(now)) + absl::Hours(24) * days;
  }
  const Subscription live = InForce(current, now);
  if (live.tier != activated.tier) return activated;
  // Same tier: the longer of the two wins; "never lapses" is the longest.
  if (!live.expires_at.has_value() || !activated.expires_at.has_value()) {
    return Subscription{.tier = activated.tier};
  }
  return *live.expires_at > *activated.expires_at ? live : activated;
}

}  // namespace tgauth::storage
