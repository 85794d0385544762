// Memory and connections stay bounded across 60 s of steady load: the
// resident memory of tgauth-server and tgauth-gateway, the PostgreSQL
// backends and the Redis clients, read before, every second during, and
// after the load, as an operator's monitoring would.
#include <algorithm>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/faults/fault_deployment.h"
#include "tests/faults/figures.h"
#include "tests/faults/load_checks.h"
#include "tests/faults/login_load.h"
#include "tests/faults/resource_usage.h"

namespace tgauth::faults {
namespace {

constexpr absl::Duration kLoad = absl::Seconds(60);
constexpr int kPoolSize = 4;  // e2e::TgauthCluster's database and Redis pools.

struct Sample {
  int64_t server_kib = 0;
  int64_t gateway_kib = 0;
  int postgres_backends = 0;
  int redis_clients = 0;
};

Sample Measure(FaultDeployment& deployment) {
  Sample sample;
  absl::StatusOr<int64_t> server = ResidentKib(deployment.cluster().server_process().pid());
  absl::StatusOr<int64_t> gateway = ResidentKib(deployment.cluster().gateway_process().pid());
  absl::StatusOr<int> backends = PostgresClientBackends(deployment.postgres().url());
  absl::StatusOr<int> clients = RedisConnectedClients(deployment.redis().url());
  EXPECT_TRUE(server.ok() && gateway.ok() && backends.ok() && clients.ok());
  if (server.ok()) sample.server_kib = *server;
  if (gateway.ok()) sample.gateway_kib = *gateway;
  if (backends.ok()) sample.postgres_backends = *backends;
  if (clients.ok()) sample.redis_clients = *clients;
  return sample;
}

void Report(const char* when, const Sample& sample) {
  const std::string at(when);
  ReportFigure("server_rss_" + at, sample.server_kib / 1024.0, "MiB");
  ReportFigure("gateway_rss_" + at, sample.gateway_kib / 1024.0, "MiB");
  ReportFigure("postgres_backends_" + at, sample.postgres_backends);
  ReportFigure("redis_clients_" + at, sample.redis_clients);
}

TEST(BoundedResourcesTest, MemoryAndConnectionsStayBoundedAcrossSixtySecondsOfLoad) {
  absl::StatusOr<std::unique_ptr<FaultDeployment>> deployment = FaultDeployment::Start({});
  ASSERT_TRUE(deployment.ok()) << deployment.status();
  const Sample before = Measure(**deployment);
  LoginLoad load(
      (*deployment)->cluster(),
      {.login_workers = 4, .refresh_clients = 8, .refresh_interval = absl::Milliseconds(100)});
  load.Start();
  const absl::Time start = absl::Now();
  std::vector<Sample> during;
  for (absl::Time next = start + absl::Seconds(1); next <= start + kLoad;
       next += absl::Seconds(1)) {
    absl::SleepFor(next - absl::Now());  // Sampling once a second.
    during.push_back(Measure(**deployment));
  }
  load.Stop();
  absl::SleepFor(absl::Seconds(2));  // Requests in flight end, idle connections stay.
  const Sample after = Measure(**deployment);

  Sample peak;
  for (const Sample& s : during) {
    peak.server_kib = std::max(peak.server_kib, s.server_kib);
    peak.gateway_kib = std::max(peak.gateway_kib, s.gateway_kib);
    peak.postgres_backends = std::max(peak.postgres_backends, s.postgres_backends);
    peak.redis_clients = std::max(peak.redis_clients, s.redis_clients);
  }
  // Memory that grows with the number of requests served would keep growing
  // in the second half; caches and pools fill in the first.
  const Sample& halfway = during[during.size() / 2 - 1];
  const Sample& last = during.back();
  Report("before", before);
  Report("peak", peak);
  Report("after", after);
  ReportFigure("server_rss_growth_second_half", (last.server_kib - halfway.server_kib) / 1024.0,
               "MiB");
  ReportFigure("gateway_rss_growth_second_half", (last.gateway_kib - halfway.gateway_kib) / 1024.0,
               "MiB");
  ReportFigure("logins_per_second", load.completed_logins() / absl::ToDoubleSeconds(kLoad), "/s");
  ExpectLoadIntact(load);
  absl::StatusOr<SessionAudit> audit = (*deployment)->Audit(load);
  ASSERT_TRUE(audit.ok()) << audit.status();
  ExpectIntact(*audit);

  EXPECT_LE(last.server_kib - halfway.server_kib, 8 * 1024);
  EXPECT_LE(last.gateway_kib - halfway.gateway_kib, 8 * 1024);
  EXPECT_LE(peak.server_kib, before.server_kib + 64 * 1024);
  EXPECT_LE(peak.gateway_kib, before.gateway_kib + 64 * 1024);
  // The pools bound the connections. Beside them (server/app/server_app.cc):
  // PostgreSQL, the revocation feed's, the readiness probe's, the event
  // relay's (it holds the relay lock) and the event feed's LISTEN; Redis,
  // the pub/sub subscriber's and the probe's.
  EXPECT_LE(peak.postgres_backends, kPoolSize + 4);
  EXPECT_LE(peak.redis_clients, kPoolSize + 2);
  EXPECT_LE(after.postgres_backends, peak.postgres_backends);
  EXPECT_LE(after.redis_clients, peak.redis_clients);
}

}  // namespace
}  // namespace tgauth::faults
