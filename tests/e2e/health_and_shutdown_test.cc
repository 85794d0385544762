// End to end: the server's gRPC health follows its stores (NOT_SERVING while
// PostgreSQL or Redis is down, SERVING again once they are back, without a
// restart), and SIGTERM drains both processes: parked long polls answer at
// once, in-flight requests finish, and the process exits in its grace period.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/private_postgres.h"
#include "tests/e2e/private_redis.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/storage/test_env.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::e2e {
namespace {

using grpc::health::v1::HealthCheckResponse;

std::shared_ptr<grpc::Channel> ServerChannel(const TgauthCluster& cluster) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", cluster.grpc_port()),
                             grpc::InsecureChannelCredentials());
}

// The health of the whole server ("") and of AuthService, which must agree;
// UNKNOWN if the check itself fails.
HealthCheckResponse::ServingStatus Health(grpc::health::v1::Health::Stub& stub) {
  HealthCheckResponse::ServingStatus seen[2] = {HealthCheckResponse::UNKNOWN,
                                                HealthCheckResponse::UNKNOWN};
  const char* services[2] = {"", "tgauth.v1.AuthService"};
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(services[i]);
    HealthCheckResponse response;
    if (stub.Check(&context, request, &response).ok()) seen[i] = response.status();
  }
  return seen[0] == seen[1] ? seen[0] : HealthCheckResponse::UNKNOWN;
}

// How long until the health is `want`, checking every 50 ms for at most
// `limit` (then InfiniteDuration).
absl::Duration TimeUntilHealth(grpc::health::v1::Health::Stub& stub,
                               HealthCheckResponse::ServingStatus want, absl::Duration limit) {
  const absl::Time start = absl::Now();
  while (absl::Now() - start < limit) {
    if (Health(stub) == want) return absl::Now() - start;
    // Another process's state: there is no event to wait on.
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::InfiniteDuration();
}

TEST(ServingHealthTest, NotServingWithin2sOfStoppingPostgresAndServingWithin5sOfItsRestart) {
  absl::StatusOr<std::unique_ptr<PrivatePostgres>> pg = PrivatePostgres::Create();
  ASSERT_TRUE(pg.ok()) << pg.status();
  ASSERT_TRUE((*pg)->Start().ok());
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.database_url = (*pg)->url()});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto health = grpc::health::v1::Health::NewStub(ServerChannel(**cluster));
  EXPECT_EQ(Health(*health), HealthCheckResponse::SERVING);

  ASSERT_TRUE((*pg)->Crash().ok());
  EXPECT_LE(TimeUntilHealth(*health, HealthCheckResponse::NOT_SERVING, absl::Seconds(5)),
            absl::Seconds(2));
  // Alive but not ready: the gateway's readiness follows the server's health.
  absl::StatusOr<fixtures::HttpReply> readyz = (*cluster)->Http("GET", "/readyz");
  ASSERT_TRUE(readyz.ok());
  EXPECT_EQ(readyz->status, 503);
  absl::StatusOr<fixtures::HttpReply> healthz = (*cluster)->Http("GET", "/healthz");
  ASSERT_TRUE(healthz.ok());
  EXPECT_EQ(healthz->status, 200);

  ASSERT_TRUE((*pg)->Start().ok());
  EXPECT_LE(TimeUntilHealth(*health, HealthCheckResponse::SERVING, absl::Seconds(10)),
            absl::Seconds(5));
  readyz = (*cluster)->Http("GET", "/readyz");
  ASSERT_TRUE(readyz.ok());
  EXPECT_EQ(readyz->status, 200);
}

TEST(ServingHealthTest, NotServingWithin2sOfStoppingRedisAndServingWithin5sOfItsRestart) {
  PrivateRedis redis(storage::ClosedPort());
  ASSERT_TRUE(redis.Start().ok());
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.redis_url = redis.url()});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto health = grpc::health::v1::Health::NewStub(ServerChannel(**cluster));
  EXPECT_EQ(Health(*health), HealthCheckResponse::SERVING);

  redis.Kill();
  EXPECT_LE(TimeUntilHealth(*health, HealthCheckResponse::NOT_SERVING, absl::Seconds(5)),
            absl::Seconds(2));
  ASSERT_TRUE(redis.Start().ok());
  EXPECT_LE(TimeUntilHealth(*health, HealthCheckResponse::SERVING, absl::Seconds(10)),
            absl::Seconds(5));
}

// Starts a login over the gateway and parks a 30 s AwaitLogin on the server.
struct ParkedPoll {
  std::future<grpc::Status> status;
  std::unique_ptr<grpc::ClientContext> context = std::make_unique<grpc::ClientContext>();
  v1::AwaitLoginResponse response;
  std::unique_ptr<v1::AuthService::Stub> stub;
};

std::unique_ptr<ParkedPoll> ParkPoll(TgauthCluster& cluster) {
  auto poll = std::make_unique<ParkedPoll>();
  poll->stub = v1::AuthService::NewStub(ServerChannel(cluster));
  grpc::ClientContext create_context;
  v1::CreateLoginRequest create;
  v1::CreateLoginResponse login;
  EXPECT_TRUE(poll->stub->CreateLogin(&create_context, create, &login).ok());
  v1::AwaitLoginRequest await;
  await.set_login_token(login.login_token());
  await.set_poll_token(login.poll_token());
  await.set_wait_seconds(30);
  poll->context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(40)));
  ParkedPoll* p = poll.get();
  poll->status = std::async(std::launch::async, [p, await] {
    return p->stub->AwaitLogin(p->context.get(), await, &p->response);
  });
  // Give it time to park: nothing outside the server shows that it has.
  absl::SleepFor(absl::Seconds(1));
  return poll;
}

TEST(GracefulShutdownTest, SigtermAnswersAParkedPollAtOnceAndTheServerExitsInItsGracePeriod) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = {"--shutdown_grace_period=5s"}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  std::unique_ptr<ParkedPoll> poll = ParkPoll(**cluster);

  const absl::Time signalled = absl::Now();
  (*cluster)->server_process().Signal(SIGTERM);
  ASSERT_EQ(poll->status.wait_for(std::chrono::seconds(3)), std::future_status::ready);
  const grpc::Status answered = poll->status.get();
  EXPECT_TRUE(answered.ok()) << answered.error_message();
  EXPECT_EQ(poll->response.state(), v1::LOGIN_STATE_PENDING);
  EXPECT_LT(absl::Now() - signalled, absl::Seconds(2));

  EXPECT_EQ((*cluster)->server_process().Wait(), 0);
  EXPECT_LT(absl::Now() - signalled, absl::Seconds(5) + absl::Seconds(1));
}

TEST(GracefulShutdownTest, SigtermOnTheGatewayLetsARequestInFlightFinish) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster = TgauthCluster::Start({});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  absl::StatusOr<fixtures::HttpReply> created = (*cluster)->Http("POST", "/v1/logins");
  ASSERT_TRUE(created.ok()) << created.status();
  v1::CreateLoginResponse login;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(created->body, &login).ok());

  // A 2 s long poll through the gateway, in flight when it is told to stop.
  std::future<absl::StatusOr<fixtures::HttpReply>> poll = std::async(std::launch::async, [&] {
    return (*cluster)->Http("GET", absl::StrCat("/v1/logins/", login.login_token(), "?wait=2"),
                            {{"Authorization", "Bearer " + login.poll_token()}});
  });
  absl::SleepFor(absl::Milliseconds(500));  // Until the request is in flight.
  (*cluster)->gateway_process().Signal(SIGTERM);
  absl::StatusOr<fixtures::HttpReply> answered = poll.get();
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_EQ(answered->status, 200) << answered->body;
  EXPECT_EQ((*cluster)->gateway_process().Wait(), 0);
}

}  // namespace
}  // namespace tgauth::e2e
