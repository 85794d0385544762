#include "server/signin/replay_guard.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/secure_token.h"

namespace tgauth {

absl::StatusOr<std::string> ReplayGuard::Claim(
    absl::string_view method, const SignedFields& fields,
    std::initializer_list<absl::string_view> unsigned_fields) {
  absl::StatusOr<absl::Time> auth_date = AuthDate(fields);
  if (!auth_date.ok()) return auth_date.status();
  // Until CheckAuthDate would refuse the payload as stale; at least a second,
  // as the ledger needs a positive retention.
  const absl::Time stale_at =
      *auth_date + (max_age_ > absl::ZeroDuration() ? max_age_ : kRetentionWithoutAgeLimit);
  const absl::Duration retain_for = std::max(stale_at - clock_.Now(), absl::Seconds(1));

  std::string digest =
      Sha256Hex(absl::StrCat(method, "\n", DataCheckString(fields, unsigned_fields)));
  absl::StatusOr<bool> claimed = ledger_.Claim(digest, retain_for);
  if (!claimed.ok()) return claimed.status();
  if (!*claimed) {
    return absl::UnauthenticatedError(
        "this sign-in data was already used; sign in with Telegram again");
  }
  return digest;
}

void ReplayGuard::Release(const std::string& digest) {
  if (absl::Status s = ledger_.Release(digest); !s.ok()) {
    LogWarning("used sign-in data not released, so its retry will be refused", {{"error", s}});
  }
}

}  // namespace tgauth
