// Which Telegram webhook updates were processed, and the reply each one got.
// Telegram redelivers an update until it gets a 2xx, so each update_id must
// take effect once; a redelivery means the reply to an earlier delivery
// never arrived (the webhook reply is the bot's answer, "making requests
// when getting updates", core.telegram.org/bots/api), so it is sent again.
#ifndef TGAUTH_STORAGE_UPDATE_LEDGER_H_
#define TGAUTH_STORAGE_UPDATE_LEDGER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tgauth::storage {

// What Claim found.
enum class UpdateClaim {
  kClaimed,     // The caller now owns the update and must process it.
  kProcessed,   // Processed already: acknowledge, do nothing.
  kInProgress,  // Another delivery holds the lease: it may yet fail, so the
                // caller must not acknowledge (Telegram would stop retrying).
};

struct ClaimResult {
  UpdateClaim claim;
  // With kProcessed: the reply MarkProcessed kept, as given (opaque bytes;
  // empty when none was kept). Empty otherwise.
  std::string reply;
};

class UpdateLedger {
 public:
  virtual ~UpdateLedger() = default;

  // Claims `update_id` for processing for at most `lease` (> 0, else
  // INVALID_ARGUMENT); says whether the caller got it, or why not, and for
  // a processed update the reply it kept.
  virtual absl::StatusOr<ClaimResult> Claim(int64_t update_id, absl::Duration lease) = 0;

  // Records a claimed update as processed together with `reply` (opaque
  // bytes, may be empty; never a secret in the clear: only what may be kept
  // at rest), in one write, both remembered for `retain_for`.
  virtual absl::Status MarkProcessed(int64_t update_id, absl::string_view reply,
                                     absl::Duration retain_for) = 0;

  // Extends a claim still in progress to `lease` (> 0, else INVALID_ARGUMENT)
  // from now, so a short lease can outlast long work while its holder lives;
  // does nothing once the update is processed, released or its lease ended.
  virtual absl::Status Renew(int64_t update_id, absl::Duration lease) = 0;

  // Drops a claim after a failure, so Telegram's redelivery is processed.
  virtual absl::Status Release(int64_t update_id) = 0;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_UPDATE_LEDGER_H_
