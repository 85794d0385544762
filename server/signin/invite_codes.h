// Invite codes: operators create them; a Telegram user redeems
// one in the bot to activate a subscription tier. Codes are case-insensitive
// (stored upper-case), 6-32 of A-Z 0-9 _ -, so they fit a `/start invite_<CODE>`
// payload; generated codes are 16 characters of Crockford's base32 alphabet
// (80 bits from the CSPRNG). Only a code's SHA-256 is stored.
#ifndef TGAUTH_SERVER_SIGNIN_INVITE_CODES_H_
#define TGAUTH_SERVER_SIGNIN_INVITE_CODES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/session/user_directory.h"
#include "storage/invite_store.h"
#include "storage/rate_limiter.h"

namespace tgauth {

struct InviteOptions {
  // Redemption attempts one Telegram user may make per hour (guessing
  // codes); 0: no limit.
  int attempts_per_hour = 10;
  int list_limit = 1000;  // Codes ListInviteCodes returns at most.
};

struct NewInviteCode {
  std::string tier;                      // Required; 1-64 bytes, no control characters.
  int32_t subscription_days = 0;         // 0-36500; 0: the tier does not lapse.
  int32_t max_uses = 1;                  // 1-1000000.
  std::optional<absl::Time> expires_at;  // Must be in the future when set.
  std::string code;                      // Optional; generated when empty.
};

struct CreatedInviteCode {
  std::string code;  // Normalised; this is the only time it exists in clear.
  storage::InviteCode stored;
};

struct InviteRedemption {
  storage::RedeemResult result = storage::RedeemResult::kUnknownCode;
  // The user after the call, subscription in force; always set for
  // kRedeemed and kAlreadyRedeemed, empty (no id) when no user was involved.
  storage::UserRecord user;
};

class InviteCodes {
 public:
  // All references must outlive this.
  InviteCodes(InviteOptions options, storage::InviteStore& codes, UserDirectory& users,
              storage::RateLimiter& limiter, const Clock& clock)
      : options_(options), codes_(codes), users_(users), limiter_(limiter), clock_(clock) {}

  // INVALID_ARGUMENT naming the bad field; ALREADY_EXISTS if the code is
  // taken; UNAVAILABLE if the store is unreachable.
  absl::StatusOr<CreatedInviteCode> Create(const NewInviteCode& request);

  // The newest codes first, at most options.list_limit. UNAVAILABLE.
  absl::StatusOr<std::vector<storage::InviteCode>> List();

  // Disables the code with this id (InviteCode.id, decimal): redemptions
  // then fail as for an unknown code. Returns the code. INVALID_ARGUMENT if
  // `id` is not a positive integer; NOT_FOUND if no code has it; UNAVAILABLE.
  absl::StatusOr<storage::InviteCode> Disable(absl::string_view id);

  // Redeems `code` as typed for Telegram user `who`: for a usable code, the
  // user upsert (UserDirectory::Upsert), then InviteStore::Redeem (a repeat by the same
  // user is kAlreadyRedeemed, a no-op). A malformed or unknown code, or an
  // expired or used-up one that `who` never redeemed, changes nothing (no
  // user is created). RESOURCE_EXHAUSTED if `who` made too many attempts
  // this hour; INVALID_ARGUMENT for a bad profile; UNAVAILABLE if a store
  // is unreachable.
  absl::StatusOr<InviteRedemption> Redeem(absl::string_view code,
                                          const storage::TelegramProfile& who);

  // `code` trimmed and upper-cased, or nullopt if it is no valid code.
  static std::optional<std::string> Normalize(absl::string_view code);

 private:
  InviteOptions options_;
  storage::InviteStore& codes_;
  UserDirectory& users_;
  storage::RateLimiter& limiter_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SIGNIN_INVITE_CODES_H_
