// Two tgauth-server replicas behind the gateway (round robin over both, as
// behind a headless Service): kill -9 of one while browsers' long polls
// are parked. They are parked in the gateway (gateway/login_poll.h), so
// none fails: the gateway's stream of login changes moves to the other
// replica, and every login still finishes with one session. When the
// stream was on the killed replica, the polls it woke move to waiting in a
// server, and those first sent to the killed one, before the channel
// noticed, are asked again by the gateway on the other replica instead of
// answering the browser 503.
#include <future>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/faults/fault_deployment.h"
#include "tests/faults/figures.h"
#include "tests/faults/load_checks.h"
#include "tests/faults/login_load.h"

namespace tgauth::faults {
namespace {

TEST(ReplicaFailoverTest, NoParkedPollFailsWhenAReplicaIsKilledAndNoLoginIsLost) {
  absl::StatusOr<std::unique_ptr<FaultDeployment>> deployment =
      FaultDeployment::Start({.replicas = 2});
  ASSERT_TRUE(deployment.ok()) << deployment.status();
  LoginLoad load((*deployment)->cluster(), {.login_workers = 3, .refresh_clients = 4});
  load.Start();
  absl::SleepFor(absl::Seconds(2));  // The load warms up.

  // Browsers whose long polls are parked, spread over both replicas.
  const int kParked = 16;
  const absl::Time give_up = absl::Now() + absl::Seconds(40);
  std::vector<LoginLoad::StartedLogin> logins;
  for (int i = 0; i < kParked; ++i) {
    std::optional<LoginLoad::StartedLogin> login = load.StartLogin(give_up);
    ASSERT_TRUE(login.has_value());
    logins.push_back(*std::move(login));
  }
  std::vector<std::future<LoginLoad::BrowserOutcome>> browsers;
  for (const LoginLoad::StartedLogin& login : logins) {
    browsers.push_back(std::async(std::launch::async, [&load, &login, give_up] {
      return load.AwaitSession(login, give_up);
    }));
  }
  absl::SleepFor(absl::Seconds(1));  // The polls reach the replicas and park.
  const absl::Time killed = absl::Now();
  (*deployment)->cluster().KillServer(0);

  // The phones scan and confirm, through the other replica; the parked
  // polls are woken by it.
  std::vector<bool> confirmed;
  for (const LoginLoad::StartedLogin& login : logins) {
    confirmed.push_back(load.ScanAndConfirm(login, give_up));
  }
  int failed_polls = 0, finished = 0;
  for (int i = 0; i < kParked; ++i) {
    LoginLoad::BrowserOutcome outcome = browsers[i].get();
    ASSERT_FALSE(outcome.poll_statuses.empty());
    for (int status : outcome.poll_statuses) failed_polls += status != 200;
    finished += load.Finish(logins[i], std::move(outcome), confirmed[i]).has_value();
  }
  const absl::Duration failover = absl::Now() - killed;
  absl::SleepFor(absl::Seconds(2));  // The load goes on with one replica.
  load.Stop();

  ReportFigure("parked_polls", kParked);
  ReportFigure("parked_polls_failed", failed_polls);
  ReportFigure("parked_logins_finished", finished);
  ReportFigure("kill_to_all_parked_logins_finished", failover);
  EXPECT_EQ(failed_polls, 0);
  EXPECT_EQ(finished, kParked);
  ExpectLoadIntact(load);
  EXPECT_EQ(load.RefreshEveryClient(absl::Seconds(15)), load.refresh_clients_with_a_session());
  absl::StatusOr<SessionAudit> audit = (*deployment)->Audit(load);
  ASSERT_TRUE(audit.ok()) << audit.status();
  ExpectIntact(*audit);
}

}  // namespace
}  // namespace tgauth::faults
