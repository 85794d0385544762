#include "server/signin/invite_codes.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "server/session/account_buckets.h"

namespace tgauth {
namespace {

constexpr size_t kMinCodeChars = 6;
constexpr size_t kMaxCodeChars = 32;
constexpr size_t kMaxTierBytes = 64;
constexpr int32_t kMaxSubscriptionDays = 36500;
constexpr int32_t kMaxUses = 1'000'000;
// Crockford's base32: no I, L, O or U, so a code read aloud or retyped from
// paper survives. 32 symbols: one random byte's low 5 bits pick one evenly.
constexpr absl::string_view kCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kGeneratedCodeChars = 16;  // 80 bits.

absl::StatusOr<std::string> GenerateCode() {
  unsigned char bytes[kGeneratedCodeChars];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return absl::InternalError("CSPRNG failure");
  std::string code;
  for (unsigned char b : bytes) code.push_back(kCodeAlphabet[b & 31]);
  OPENSSL_cleanse(bytes, sizeof bytes);
  return code;
}

// A few leading characters that tell codes apart in a list: a third of the
// code at most, so the rest stays unguessable.
std::string HintOf(absl::string_view code) {
  return absl::StrCat(code.substr(0, std::min<size_t>(4, code.size() / 3)), "…");
}

absl::Status ValidateRequest(const NewInviteCode& request, absl::Time now) {
  if (request.tier.empty() || request.tier.size() > kMaxTierBytes) {
    return absl::InvalidArgumentError("subscription_tier must be 1 to 64 bytes");
  }
  if (std::any_of(request.tier.begin(), request.tier.end(),
                  [](char c) { return absl::ascii_iscntrl(static_cast<unsigned char>(c)); })) {
    return absl::InvalidArgumentError("subscription_tier must not contain control characters");
  }
  if (request.subscription_days < 0 || request.subscription_days > kMaxSubscriptionDays) {
    return absl::InvalidArgumentError("subscription_days must be 0 (no lapse) to 36500");
  }
  if (request.max_uses < 1 || request.max_uses > kMaxUses) {
    return absl::InvalidArgumentError("max_uses must be 1 to 1000000");
  }
  if (request.expires_at.has_value() && *request.expires_at <= now) {
    return absl::InvalidArgumentError("expires_at must be in the future");
  }
  return absl::OkStatus();
}

}  // namespace

std::optional<std::string> InviteCodes::Normalize(absl::string_view code) {
  std::string normal = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(code));
  if (normal.size() < kMinCodeChars || normal.size() > kMaxCodeChars) return std::nullopt;
  for (char c : normal) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '_' && c != '-') {
      return std::nullopt;
    }
  }
  return normal;
}

absl::StatusOr<CreatedInviteCode> InviteCodes::Create(const NewInviteCode& request) {
  const absl::Time now = clock_.Now();
  if (absl::Status s = ValidateRequest(request, now); !s.ok()) return s;
  absl::StatusOr<std::string> code =
      request.code.empty() ? GenerateCode() : absl::StatusOr<std::string>(request.code);
  if (!code.ok()) return code.status();
  std::optional<std::string> normal = Normalize(*code);
  if (!normal.has_value()) {
    return absl::InvalidArgumentError("code must be 6 to 32 of A-Z 0-9 _ - (case-insensitive)");
  }
  CreatedInviteCode created;
  created.stored = storage::InviteCode{.code_hash = Sha256(*normal),
                                       .hint = HintOf(*normal),
                                       .tier = request.tier,
                                       .subscription_days = request.subscription_days,
                                       .max_uses = request.max_uses,
                                       .expires_at = request.expires_at,
                                       .created_at = now};
  absl::StatusOr<int64_t> id = codes_.Create(created.stored);
  if (!id.ok()) return id.status();
  created.stored.id = *id;
  created.code = *std::move(normal);
  return created;
}

absl::StatusOr<std::vector<storage::InviteCode>> InviteCodes::List() {
  return codes_.List(options_.list_limit);
}

absl::StatusOr<storage::InviteCode> InviteCodes::Disable(absl::string_view id) {
  int64_t number = 0;
  if (!absl::SimpleAtoi(id, &number) || number <= 0) {
    return absl::InvalidArgumentError("id must be an invite code's id (a positive integer)");
  }
  return codes_.Disable(number, clock_.Now());
}

absl::StatusOr<InviteRedemption> InviteCodes::Redeem(absl::string_view code,
                                                     const storage::TelegramProfile& who) {
  if (options_.attempts_per_hour > 0) {
    absl::StatusOr<bool> allowed = limiter_.Allow(absl::StrCat(kRedeemInviteBucket, who.telegram_id),
                                                  options_.attempts_per_hour, absl::Hours(1));
    if (!allowed.ok()) return allowed.status();
    if (!*allowed) {
      return absl::ResourceExhaustedError("too many invite code attempts; try again in an hour");
    }
  }
  // A code that cannot be used changes nothing, not even the users table:
  // look before the upsert.
  std::optional<std::string> normal = Normalize(code);
  if (!normal.has_value()) return InviteRedemption{};
  const std::string code_hash = Sha256(*normal);
  absl::StatusOr<storage::InviteCode> found = codes_.Find(code_hash);
  // A disabled code is refused as an unknown one (InviteStore::Redeem).
  if (absl::IsNotFound(found.status()) || (found.ok() && found->disabled_at.has_value())) {
    return InviteRedemption{};
  }
  if (!found.ok()) return found.status();
  const absl::Time now = clock_.Now();
  const bool usable =
      (!found->expires_at.has_value() || now < *found->expires_at) && found->uses < found->max_uses;

  // Only an existing user can have redeemed an unusable code before; a
  // usable one gets the user upsert (the user may be new).
  absl::StatusOr<storage::UserRecord> user =
      usable ? users_.Upsert(who) : users_.Find(who.telegram_id);
  if (!usable && absl::IsNotFound(user.status())) {
    const bool expired = found->expires_at.has_value() && now >= *found->expires_at;
    return InviteRedemption{.result = expired ? storage::RedeemResult::kExpired
                                              : storage::RedeemResult::kUsedUp};
  }
  if (!user.ok()) return user.status();
  // Redeem re-checks everything atomically: the code may have run out since.
  absl::StatusOr<storage::Redemption> redeemed = codes_.Redeem(code_hash, user->id, now);
  if (!redeemed.ok()) return redeemed.status();
  if (redeemed->result == storage::RedeemResult::kRedeemed ||
      redeemed->result == storage::RedeemResult::kAlreadyRedeemed) {
    user->subscription = redeemed->subscription;
  }
  user->subscription = storage::InForce(user->subscription, now);
  return InviteRedemption{.result = redeemed->result, .user = *std::move(user)};
}

}  // namespace tgauth
