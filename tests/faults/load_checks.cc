#include "tests/faults/load_checks.h"

#include <cstdio>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/faults/figures.h"

namespace tgauth::faults {

void ExpectLoadIntact(const LoginLoad& load, LoadExpectations expectations) {
  int retried = 0;
  for (const auto& [answer, count] : load.retried_answers()) {
    std::printf("[ RETRIED  ] %d x %s\n", count, answer.c_str());
    retried += count;
  }
  ReportFigure("logins_completed", load.completed_logins());
  ReportFigure("refreshes_completed", load.completed_refreshes());
  ReportFigure("answers_retried", retried);
  ReportFigure("answers_not_a_clear_503_or_504", load.unclear_answers());
  ReportFigure("logins_failed", static_cast<double>(load.login_failures().size()));
  ReportFigure("logins_renewed_after_404", load.renewed_logins());
  ReportFigure("bot_replies_lost_with_a_killed_server", load.lost_bot_replies());
  ReportFigure("logins_redeemed_twice", load.logins_redeemed_twice());
  ReportFigure("refreshes_refused", static_cast<double>(load.refresh_failures().size()));
  ReportFigure("slowest_login", load.slowest_login());
  EXPECT_GT(load.completed_logins(), 0);
  EXPECT_THAT(load.login_failures(), ::testing::IsEmpty());
  EXPECT_LE(load.renewed_logins(), expectations.max_renewed_logins);
  EXPECT_EQ(load.lost_bot_replies(), 0);
  EXPECT_EQ(load.logins_redeemed_twice(), 0);
  EXPECT_THAT(load.refresh_failures(), ::testing::IsEmpty());
  EXPECT_EQ(load.unclear_answers(), 0);
  EXPECT_LE(load.slowest_login(), expectations.max_login_duration);
}

double LoginRate(const LoginLoad& load, absl::Time from, absl::Time to) {
  return load.CompletedBetween(from, to) / absl::ToDoubleSeconds(to - from);
}

absl::Duration TimeToRecover(const LoginLoad& load, absl::Time from, double per_second,
                             absl::Time until) {
  constexpr absl::Duration kWindow = absl::Seconds(2);
  for (absl::Time start = from; start + kWindow <= until; start += absl::Milliseconds(250)) {
    if (LoginRate(load, start, start + kWindow) >= per_second / 2) return start - from;
  }
  return absl::InfiniteDuration();
}

}  // namespace tgauth::faults
