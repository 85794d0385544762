// Invite codes (server/signin/invite_codes.h): an operator creates them (AdminService), a
// Telegram user redeems one in the bot (`/login CODE`) to activate a
// subscription tier. PostgreSQL in production. Only the SHA-256 of a code is
// stored, plus a short hint so operators can tell codes apart in a list.
#ifndef TGAUTH_STORAGE_INVITE_STORE_H_
#define TGAUTH_STORAGE_INVITE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/subscription.h"

namespace tgauth::storage {

struct InviteCode {
  int64_t id = 0;                 // Assigned by the store; names the code to operators.
  std::string code_hash;          // SHA-256 of the (normalised) code, 32 raw bytes.
  std::string hint;               // The code's first characters; not a secret.
  std::string tier;               // The subscription tier the code activates.
  int32_t subscription_days = 0;  // How long the tier lasts; 0: it does not lapse.
  int32_t max_uses = 1;
  int32_t uses = 0;
  std::optional<absl::Time> expires_at;  // nullopt: the code does not expire.
  absl::Time created_at;
  std::optional<absl::Time> disabled_at;  // Set once an operator disabled it.

  friend bool operator==(const InviteCode&, const InviteCode&) = default;
};

enum class RedeemResult {
  kRedeemed,         // This call used the code and activated its tier.
  kAlreadyRedeemed,  // This user had used the code before; nothing changed.
  kUnknownCode,      // No code has this hash; nothing changed.
  kExpired,          // The code's expires_at has passed; nothing changed.
  kUsedUp,           // The code has max_uses redemptions; nothing changed.
};

struct Redemption {
  RedeemResult result = RedeemResult::kUnknownCode;
  // The user's subscription after the call (kRedeemed, kAlreadyRedeemed).
  Subscription subscription;
};

class InviteStore {
 public:
  virtual ~InviteStore() = default;

  // Stores a new code (its `id`, `uses` and `disabled_at` are ignored: the
  // store assigns the id, uses start at 0) and returns its id.
  // ALREADY_EXISTS if a code with the same hash exists; UNAVAILABLE if
  // unreachable.
  virtual absl::StatusOr<int64_t> Create(const InviteCode& code) = 0;

  // The code with this hash. NOT_FOUND if there is none; UNAVAILABLE if
  // unreachable.
  virtual absl::StatusOr<InviteCode> Find(absl::string_view code_hash) = 0;

  // At most `limit` codes, newest first; empty if there are none.
  // UNAVAILABLE if unreachable.
  virtual absl::StatusOr<std::vector<InviteCode>> List(int limit) = 0;

  // Disables the code with this id at `now` (a disabled code keeps its
  // first time) and returns it: Redeem then treats it as unknown.
  // NOT_FOUND if there is none; UNAVAILABLE if unreachable.
  virtual absl::StatusOr<InviteCode> Disable(int64_t id, absl::Time now) = 0;

  // Atomically, for user `user_id` at `now`: kUnknownCode if no code has
  // this hash, or it is disabled; kAlreadyRedeemed if the user redeemed it before (even if it
  // expired or ran out since); kExpired or kUsedUp if so; else records the
  // redemption, counts the use and sets the user's subscription to
  // Activate(current, tier, days, now), writing the users row only if that
  // changed it. Concurrent redemptions of the last use give it to exactly
  // one user. NOT_FOUND if the code exists but `user_id` is no user;
  // UNAVAILABLE if unreachable (then nothing changed).
  virtual absl::StatusOr<Redemption> Redeem(absl::string_view code_hash, absl::string_view user_id,
                                            absl::Time now) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_INVITE_STORE_H_
