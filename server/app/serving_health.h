// What tgauth-server's standard gRPC health service (grpc.health.v1) says:
// SERVING while PostgreSQL and Redis answer and the revocation feed is
// fresh, NOT_SERVING while any is not, for the whole server ("") and for
// each service. A HealthMonitor (common/health_monitor.h) re-checks every
// kServingHealthPeriod, so the status follows an outage and its end without
// a restart. Readiness only: the process stays up (it is alive) and keeps
// retrying its stores.
#ifndef TGAUTH_SERVER_APP_SERVING_HEALTH_H_
#define TGAUTH_SERVER_APP_SERVING_HEALTH_H_

#include <grpcpp/health_check_service_interface.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/clock.h"
#include "common/health_monitor.h"
#include "server/token/revoked_sessions.h"
#include "storage/redis/redis_client.h"

namespace tgauth {

// How often the stores are checked, and how long each check may take: a
// store that stops answering turns health NOT_SERVING within the sum.
inline constexpr absl::Duration kServingHealthPeriod = absl::Milliseconds(500);
inline constexpr absl::Duration kStoreProbeTimeout = absl::Milliseconds(700);

struct ServingHealthDeps {
  std::string database_url;
  storage::RedisEndpoint redis;
  const RevokedSessions& revoked;
  const Clock& clock;        // Reads "now" for the revocation feed's staleness.
  const Clock& check_clock;  // Runs the checks, which block up to their timeouts.
  grpc::HealthCheckServiceInterface& health;
  std::vector<std::string> services;  // Full names, besides "" (the whole server).
};

// The monitor, not yet started; every reference must outlive it.
std::unique_ptr<HealthMonitor> MakeServingHealth(ServingHealthDeps deps);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_APP_SERVING_HEALTH_H_
