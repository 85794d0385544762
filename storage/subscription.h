// A user's subscription tier, activated by redeeming an invite code
// (server/signin/invite_codes.h). Shared by the user and invite stores, so the real stores and the
// fakes apply the same rules.
#ifndef TGAUTH_STORAGE_SUBSCRIPTION_H_
#define TGAUTH_STORAGE_SUBSCRIPTION_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth::storage {

struct Subscription {
  std::string tier;                      // Empty: no tier.
  std::optional<absl::Time> expires_at;  // nullopt: the tier does not lapse.

  friend bool operator==(const Subscription&, const Subscription&) = default;
};

// `subscription` as it stands at `now`: unchanged while in force, empty once
// its expires_at has passed. What sign-in responses and token claims show.
Subscription InForce(const Subscription& subscription, absl::Time now);

// The subscription after redeeming, at `now`, a code for `tier` that lasts
// `days` (0: does not lapse). A different tier replaces the current one;
// the same tier keeps whichever of the two lasts longer, so a short code
// never cuts a longer subscription. Expiry times are whole seconds.
Subscription Activate(const Subscription& current, absl::string_view tier, int days,
                      absl::Time now);

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_SUBSCRIPTION_H_
