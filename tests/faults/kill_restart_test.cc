// kill -9 of tgauth-server under a steady load of logins and refreshes, then
// a restart: nothing handed to a client is lost, nothing is created twice,
// logins resume within 5 s, and every client can still refresh (by its last
// refresh token, or the grace and lost-answer rules of
// server/session/session_refresher.h) without being taken for a thief.
#include <algorithm>
#include <optional>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/faults/fault_deployment.h"
#include "tests/faults/figures.h"
#include "tests/faults/load_checks.h"
#include "tests/faults/login_load.h"

namespace tgauth::faults {
namespace {

constexpr absl::Duration kResumeBound = absl::Seconds(5);

// Kills the server `kills` times, `down` each time, with `between` of load
// before each kill; returns the slowest resume: from the restarted server
// being ready to the first login completed after it.
absl::Duration KillAndRestart(FaultDeployment& deployment, const LoginLoad& load, int kills,
                              absl::Duration down, absl::Duration between) {
  absl::Duration slowest_resume;
  for (int kill = 0; kill < kills; ++kill) {
    absl::SleepFor(between);  // The load runs; nothing to wait on.
    deployment.cluster().KillServer();
    absl::SleepFor(down);
    const absl::Status started = deployment.cluster().StartServerAgain();
    EXPECT_TRUE(started.ok()) << started;
    const absl::Time ready = absl::Now();
    absl::SleepFor(kResumeBound);
    const std::optional<absl::Time> first = load.FirstCompletionAfter(ready);
    EXPECT_TRUE(first.has_value()) << "no login completed within 5 s of restart " << kill + 1;
    slowest_resume = std::max(slowest_resume, first ? *first - ready : absl::InfiniteDuration());
  }
  return slowest_resume;
}

TEST(ServerKillTest, EverySessionHandedOutIsStoredOnceAndLoginsResumeWithinFiveSeconds) {
  absl::StatusOr<std::unique_ptr<FaultDeployment>> deployment = FaultDeployment::Start({});
  ASSERT_TRUE(deployment.ok()) << deployment.status();
  const int kLoginWorkers = 4;
  LoginLoad load((*deployment)->cluster(), {.login_workers = kLoginWorkers, .refresh_clients = 6});
  load.Start();
  const absl::Time start = absl::Now();
  absl::SleepFor(absl::Seconds(3));  // The load warms up.
  const double rate = load.CompletedBetween(start, absl::Now()) / 3.0;

  const int kKills = 3;
  const absl::Duration resume =
      KillAndRestart(**deployment, load, kKills, absl::Milliseconds(500), absl::Seconds(1));
  load.Stop();

  ReportFigure("kills", kKills);
  ReportFigure("logins_per_second_before_kills", rate, "/s");
  ReportFigure("slowest_resume_after_restart", resume);
  EXPECT_LE(resume, kResumeBound);
  ExpectLoadIntact(load);
  EXPECT_EQ(load.RefreshEveryClient(absl::Seconds(15)), load.refresh_clients_with_a_session());
  absl::StatusOr<SessionAudit> audit = (*deployment)->Audit(load);
  ASSERT_TRUE(audit.ok()) << audit.status();
  ExpectIntact(*audit);
}

TEST(ServerKillTest, EveryClientRefreshesAfterAKillOutlastingTheGracePeriodWithoutReuseRevocation) {
  // An outage longer than the grace period: a refresh whose answer the kill
  // lost is replayed after the grace period has ended.
  absl::StatusOr<std::unique_ptr<FaultDeployment>> deployment =
      FaultDeployment::Start({.server_flags = {"--refresh_token_grace_period=1s"}});
  ASSERT_TRUE(deployment.ok()) << deployment.status();
  const int kClients = 16;
  LoginLoad load((*deployment)->cluster(), {.login_workers = 2,
                                            .refresh_clients = kClients,
                                            .refresh_interval = absl::Milliseconds(20)});
  load.Start();
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (load.completed_logins() < kClients + 2 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));  // Until every client has a session.
  }
  absl::SleepFor(absl::Seconds(1));
  const int refreshes_before = load.completed_refreshes();

  KillAndRestart(**deployment, load, 2, absl::Milliseconds(1500), absl::Milliseconds(500));
  load.Stop();

  ReportFigure("refresh_clients", load.refresh_clients_with_a_session());
  ReportFigure("refreshes_before_kills", refreshes_before);
  EXPECT_EQ(load.refresh_clients_with_a_session(), kClients);
  ExpectLoadIntact(load);
  const int refreshed = load.RefreshEveryClient(absl::Seconds(15));
  ReportFigure("clients_refreshing_afterwards", refreshed);
  EXPECT_EQ(refreshed, kClients);
  absl::StatusOr<SessionAudit> audit = (*deployment)->Audit(load);
  ASSERT_TRUE(audit.ok()) << audit.status();
  ExpectIntact(*audit);
}

}  // namespace
}  // namespace tgauth::faults
