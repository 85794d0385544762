// What every fault-injection test expects of the load it ran: each login
// finished with one session, no bot reply was lost, no refresh was refused,
// and every answer that was retried was a clear outage (503/504 with a JSON
// error). Prints the load's figures and the retried answers by kind.
#ifndef TGAUTH_TESTS_FAULTS_LOAD_CHECKS_H_
#define TGAUTH_TESTS_FAULTS_LOAD_CHECKS_H_

#include "absl/time/time.h"
#include "tests/faults/login_load.h"

namespace tgauth::faults {

struct LoadExpectations {
  // Logins the server may forget (404, the page renews its code): none by
  // default, since Redis keeps an append-only file.
  int max_renewed_logins = 0;
  // The longest one login may take: an outage of a few seconds, then
  // webhook updates in flight at a crash held for their 5 s lease
  // (server/bot), with room for a busy machine.
  absl::Duration max_login_duration = absl::Seconds(15);
};

void ExpectLoadIntact(const LoginLoad& load, LoadExpectations expectations = {});

// Logins completed per second over [from, to).
double LoginRate(const LoginLoad& load, absl::Time from, absl::Time to);

// How long after `from` the load is back to half of `per_second` or more
// over a whole window of 2 s (measured in steps of 250 ms, the window's
// start is returned); InfiniteDuration if not before `until`. Half, not
// all: the figures come from a machine other work shares.
absl::Duration TimeToRecover(const LoginLoad& load, absl::Time from, double per_second,
                             absl::Time until);

}  // namespace tgauth::faults

#endif  // TGAUTH_TESTS_FAULTS_LOAD_CHECKS_H_
