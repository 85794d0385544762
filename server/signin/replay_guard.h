// One sign-in per signed payload. Telegram's Login Widget data and Mini App
// initData stay valid until their auth_date ages out (max_age), and whoever
// sees them (a log, a proxy, the browser history) could present them again:
// the guard remembers each payload it let through, shared by every replica
// (storage::SignedDataLedger), until it would be refused as stale anyway.
#ifndef TGAUTH_SERVER_SIGNIN_REPLAY_GUARD_H_
#define TGAUTH_SERVER_SIGNIN_REPLAY_GUARD_H_

#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/signin/telegram_signed_data.h"
#include "storage/signed_data_ledger.h"

namespace tgauth {

class ReplayGuard {
 public:
  // How long a payload is remembered when there is no age limit (max_age
  // zero): replays are then refused only within this time.
  static constexpr absl::Duration kRetentionWithoutAgeLimit = absl::Hours(24 * 7);

  // `max_age` as the sign-in checks auth_date with (zero: no limit). The
  // references must outlive the guard.
  ReplayGuard(storage::SignedDataLedger& ledger, absl::Duration max_age, const Clock& clock)
      : ledger_(ledger), max_age_(max_age), clock_(clock) {}

  // Records verified `fields` of sign-in `method` ("widget", "mini_app") as
  // used. The payload is what Telegram signed: every field except those in
  // `unsigned_fields` (the hash or signature itself), so another encoding or
  // order of the same fields is the same payload. Returns its digest, for
  // Release(). UNAUTHENTICATED if it was used before; INVALID_ARGUMENT
  // without a numeric auth_date; UNAVAILABLE if the ledger is unreachable.
  absl::StatusOr<std::string> Claim(absl::string_view method, const SignedFields& fields,
                                    std::initializer_list<absl::string_view> unsigned_fields);

  // Forgets a claimed payload whose sign-in failed before a session existed,
  // so the client can retry. Best effort: a failure is logged.
  void Release(const std::string& digest);

 private:
  storage::SignedDataLedger& ledger_;
  const absl::Duration max_age_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SIGNIN_REPLAY_GUARD_H_
