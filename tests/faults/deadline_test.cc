// The gateway with a slow server: every REST call carries a gRPC deadline
// (gateway/rpc_call.h; 5 s for CreateLogin and RefreshSession), the browser
// gets 504 within it, and the server drops the work whose deadline has
// passed instead of doing it late (server/rpc/unary_call.h). The slowness
// is real: PostgreSQL or the server process stopped with SIGSTOP.
#include <signal.h>

#include <algorithm>
#include <functional>
#include <future>
#include <pqxx/pqxx>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/faults/fault_deployment.h"
#include "tests/faults/figures.h"
#include "tests/faults/load_checks.h"
#include "tests/faults/login_load.h"
#include "tests/faults/resource_usage.h"

namespace tgauth::faults {
namespace {

using fixtures::HttpReply;

constexpr absl::Duration kGatewayDeadline = absl::Seconds(5);
// The answer may take this much longer than the deadline: the gateway's
// own scheduling on a busy machine.
constexpr absl::Duration kSlack = absl::Seconds(1);
constexpr int kDatabasePoolSize = 4;  // e2e::TgauthCluster's.

struct Answer {
  int status = 0;
  absl::Duration took;
};

// Runs `call` `count` times at once; each answer and how long it took.
std::vector<Answer> AllAtOnce(int count,
                              const std::function<absl::StatusOr<HttpReply>(int)>& call) {
  std::vector<std::future<Answer>> calls;
  for (int i = 0; i < count; ++i) {
    calls.push_back(std::async(std::launch::async, [&call, i] {
      const absl::Time start = absl::Now();
      absl::StatusOr<HttpReply> reply = call(i);
      return Answer{.status = reply.ok() ? reply->status : 0, .took = absl::Now() - start};
    }));
  }
  std::vector<Answer> answers;
  for (auto& call : calls) answers.push_back(call.get());
  return answers;
}

// Prints the answers' figures and expects each to be 504 within the deadline.
void ExpectAllTimedOut(const std::vector<Answer>& answers) {
  absl::Duration slowest;
  int timed_out = 0;
  for (const Answer& answer : answers) {
    slowest = std::max(slowest, answer.took);
    timed_out += answer.status == 504;
  }
  ReportFigure("calls", static_cast<double>(answers.size()));
  ReportFigure("answered_504", timed_out);
  ReportFigure("slowest_answer", slowest);
  EXPECT_EQ(timed_out, static_cast<int>(answers.size()));
  EXPECT_LE(slowest, kGatewayDeadline + kSlack);
}

int RotatedRefreshTokens(const std::string& database_url) {
  pqxx::connection connection(database_url);
  pqxx::work work(connection);
  return work.exec1("SELECT count(*) FROM refresh_tokens WHERE rotated_at IS NOT NULL")[0]
      .as<int>();
}

TEST(DeadlineTest, RefreshesStuckOnAFrozenDatabaseGet504AndQueuedOnesAreDropped) {
  absl::StatusOr<std::unique_ptr<FaultDeployment>> deployment = FaultDeployment::Start({});
  ASSERT_TRUE(deployment.ok()) << deployment.status();
  const int kClients = 24;
  LoginLoad load((*deployment)->cluster(), {.login_workers = 4, .refresh_clients = 0});
  load.Start();
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (load.completed_logins() < kClients && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));  // Sessions for the clients below.
  }
  load.Stop();
  const std::vector<ReceivedRefreshToken> tokens = load.refresh_tokens();
  ASSERT_GE(tokens.size(), static_cast<size_t>(kClients));
  auto refresh = [&](int i) {
    return (*deployment)
        ->cluster()
        .Http("POST", "/v1/sessions:refresh", {{"Content-Type", "application/json"}},
              absl::StrCat(R"({"refresh_token":")", tokens[i].refresh_token, R"("})"));
  };

  e2e::PrivatePostgres& postgres = (*deployment)->postgres();
  ASSERT_TRUE(postgres.SignalAll(SIGSTOP).ok());
  const absl::Time frozen = absl::Now();
  ExpectAllTimedOut(AllAtOnce(kClients, refresh));
  // Every deadline has passed before PostgreSQL resumes.
  absl::SleepFor(frozen + kGatewayDeadline + kSlack - absl::Now());
  ASSERT_TRUE(postgres.SignalAll(SIGCONT).ok());
  absl::SleepFor(absl::Seconds(2));  // What the server still does, it does now.

  // Only the calls already running when PostgreSQL froze (one per worker)
  // finished; the queued ones were dropped at their deadline.
  const int rotated = RotatedRefreshTokens(postgres.url());
  ReportFigure("refreshes_done_after_their_deadline", rotated);
  ReportFigure("refreshes_dropped_at_their_deadline", kClients - rotated);
  EXPECT_LE(rotated, kDatabasePoolSize);
  // The clients, told nothing, retry with the token they hold: the grace
  // rule gives those whose refresh did happen the pair they missed.
  int refreshed = 0;
  for (const Answer& answer : AllAtOnce(kClients, refresh)) refreshed += answer.status == 200;
  ReportFigure("clients_refreshing_afterwards", refreshed);
  EXPECT_EQ(refreshed, kClients);
  absl::StatusOr<SessionAudit> audit = (*deployment)->Audit(load);
  ASSERT_TRUE(audit.ok()) << audit.status();
  EXPECT_EQ(audit->revoked_for_reuse, 0);
  EXPECT_EQ(audit->sessions_without_one_current_token, 0);
}

TEST(DeadlineTest, CallsToAFrozenServerGet504AndAreNotCarriedOutWhenItResumes) {
  absl::StatusOr<std::unique_ptr<FaultDeployment>> deployment = FaultDeployment::Start({});
  ASSERT_TRUE(deployment.ok()) << deployment.status();
  e2e::TgauthCluster& cluster = (*deployment)->cluster();
  absl::StatusOr<int> keys_before = RedisKeyCount((*deployment)->redis().url());
  ASSERT_TRUE(keys_before.ok()) << keys_before.status();

  ASSERT_TRUE(cluster.server_process().Freeze());
  const absl::Time frozen = absl::Now();
  const int kBrowsers = 8;
  ExpectAllTimedOut(AllAtOnce(kBrowsers, [&](int) { return cluster.Http("POST", "/v1/logins"); }));
  absl::SleepFor(frozen + kGatewayDeadline + kSlack - absl::Now());
  cluster.server_process().Signal(SIGCONT);
  absl::SleepFor(absl::Seconds(1));  // What the server still does, it does now.

  // No login was created for a browser that had stopped waiting.
  absl::StatusOr<int> keys_after = RedisKeyCount((*deployment)->redis().url());
  ASSERT_TRUE(keys_after.ok()) << keys_after.status();
  ReportFigure("logins_created_after_their_deadline", *keys_after - *keys_before);
  EXPECT_EQ(*keys_after, *keys_before);
  absl::StatusOr<HttpReply> fresh = cluster.Http("POST", "/v1/logins");
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->status, 200) << fresh->body;
}

}  // namespace
}  // namespace tgauth::faults
