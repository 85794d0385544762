// Which signed Telegram sign-in payloads (Login Widget data, Mini App
// initData) were used. Telegram signs a payload once and it stays valid
// until its auth_date ages out, so without a record anyone who sees it (a
// log, a proxy, the browser history) could sign in with it again.
#ifndef TGAUTH_STORAGE_SIGNED_DATA_LEDGER_H_
#define TGAUTH_STORAGE_SIGNED_DATA_LEDGER_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth::storage {

class SignedDataLedger {
 public:
  virtual ~SignedDataLedger() = default;

  // Records the payload `digest` (hex SHA-256 of what Telegram signed) as
  // used, remembered for `retain_for`. True if this call recorded it; false
  // if it was already recorded and not yet forgotten. INVALID_ARGUMENT if
  // retain_for <= 0; UNAVAILABLE if the store is unreachable.
  virtual absl::StatusOr<bool> Claim(absl::string_view digest, absl::Duration retain_for) = 0;

  // Forgets `digest` (a sign-in that claimed it failed before any session
  // existed). OK if it was not recorded; UNAVAILABLE if unreachable.
  virtual absl::Status Release(absl::string_view digest) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_SIGNED_DATA_LEDGER_H_
