// PostgreSQL and Redis restarts under a steady load of logins and
// refreshes: during the outage every refused call is a clear 503 (gRPC
// UNAVAILABLE with a message saying what is down); once the store is back
// the load returns to its rate within 5 s with no manual step; and no
// session or refresh token is left half-written.
#include <grpcpp/grpcpp.h>

#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/faults/fault_deployment.h"
#include "tests/faults/figures.h"
#include "tests/faults/load_checks.h"
#include "tests/faults/login_load.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::faults {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr absl::Duration kOutage = absl::Seconds(3);
constexpr absl::Duration kRecoveryBound = absl::Seconds(5);

std::unique_ptr<v1::AuthService::Stub> StubOf(const e2e::TgauthCluster& cluster) {
  return v1::AuthService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", cluster.grpc_port()), cluster.GrpcCredentials()));
}

// The calls each store outage refuses, straight to the server.
grpc::Status CreateLogin(v1::AuthService::Stub& stub) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  v1::CreateLoginResponse response;
  return stub.CreateLogin(&context, v1::CreateLoginRequest(), &response);
}
grpc::Status Refresh(v1::AuthService::Stub& stub) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  v1::RefreshSessionRequest request;
  request.set_refresh_token(*NewToken());
  v1::RefreshSessionResponse response;
  return stub.RefreshSession(&context, request, &response);
}

// Runs the load, takes the store down for kOutage (`crash`), probes the
// server with `probe` meanwhile, brings it back (`restart`) and checks the
// recovery and the tables.
void RunOutage(FaultDeployment& deployment, const std::function<void()>& crash,
               const std::function<absl::Status()>& restart,
               const std::function<grpc::Status(v1::AuthService::Stub&)>& probe) {
  LoginLoad load(deployment.cluster(), {.login_workers = 4, .refresh_clients = 6});
  load.Start();
  const absl::Time start = absl::Now();
  absl::SleepFor(absl::Seconds(4));  // The load warms up.
  const double rate = LoginRate(load, start + absl::Seconds(1), absl::Now());

  crash();
  const absl::Time down = absl::Now();
  absl::SleepFor(absl::Seconds(1));
  std::unique_ptr<v1::AuthService::Stub> stub = StubOf(deployment.cluster());
  const grpc::Status refused = probe(*stub);
  absl::SleepFor(down + kOutage - absl::Now());
  const absl::Status restarted = restart();
  ASSERT_TRUE(restarted.ok()) << restarted;
  const absl::Time back = absl::Now();
  absl::SleepFor(kRecoveryBound + absl::Seconds(3));
  const absl::Duration recovery = TimeToRecover(load, back, rate, absl::Now());
  const std::optional<absl::Time> first = load.FirstCompletionAfter(back);
  load.Stop();

  std::printf("[ OUTAGE   ] gRPC %d \"%s\"\n", refused.error_code(),
              refused.error_message().c_str());
  ReportFigure("outage", back - down);
  ReportFigure("logins_per_second_before", rate, "/s");
  ReportFigure("first_login_after_return", first ? *first - back : absl::InfiniteDuration());
  ReportFigure("time_to_half_rate_after_return", recovery);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_FALSE(refused.error_message().empty());
  EXPECT_LE(recovery, kRecoveryBound);
  // The server was up all along: each refusal names the store that is down.
  for (const auto& [answer, count] : load.retried_answers()) {
    EXPECT_THAT(answer, Not(HasSubstr("tgauth-server is unavailable")));
  }
  ExpectLoadIntact(load);
  EXPECT_EQ(load.RefreshEveryClient(absl::Seconds(15)), load.refresh_clients_with_a_session());
  absl::StatusOr<SessionAudit> audit = deployment.Audit(load);
  ASSERT_TRUE(audit.ok()) << audit.status();
  ExpectIntact(*audit);
}

TEST(StoreRestartTest, PostgresCrashAnswers503ThenRecoversWithinFiveSecondsWithNoHalfWrites) {
  absl::StatusOr<std::unique_ptr<FaultDeployment>> deployment = FaultDeployment::Start({});
  ASSERT_TRUE(deployment.ok()) << deployment.status();
  e2e::PrivatePostgres& postgres = (*deployment)->postgres();
  RunOutage(
      **deployment, [&] { ASSERT_TRUE(postgres.Crash().ok()); }, [&] { return postgres.Start(); },
      Refresh);
}

TEST(StoreRestartTest, RedisCrashAnswers503ThenRecoversWithinFiveSecondsKeepingPendingLogins) {
  absl::StatusOr<std::unique_ptr<FaultDeployment>> deployment = FaultDeployment::Start({});
  ASSERT_TRUE(deployment.ok()) << deployment.status();
  e2e::PrivateRedis& redis = (*deployment)->redis();
  RunOutage(
      **deployment, [&] { redis.Kill(); }, [&] { return redis.Start(); }, CreateLogin);
}

}  // namespace
}  // namespace tgauth::faults
