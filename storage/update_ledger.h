// Which Telegram webhook updates were processed. Telegram redelivers an
// update until it gets a 2xx, so each update_id must take effect once.
#ifndef TGAUTH_STORAGE_UPDATE_LEDGER_H_
#define TGAUTH_STORAGE_UPDATE_LEDGER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tgauth::storage {

class UpdateLedger {
 public:
  virtual ~UpdateLedger() = default;

  // Claims `update_id` for processing for at most `lease`. True if the caller
  // now owns it; false if it was processed, or is being processed elsewhere.
  virtual absl::StatusOr<bool> Claim(int64_t update_id, absl::Duration lease) = 0;

  // Records a claimed update as processed, remembered for `retain_for`.
  virtual absl::Status MarkProcessed(int64_t update_id, absl::Duration retain_for) = 0;

  // Drops a claim after a failure, so Telegram's redelivery is processed.
  virtual absl::Status Release(int64_t update_id) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_UPDATE_LEDGER_H_
