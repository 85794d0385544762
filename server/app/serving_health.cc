#include "server/app/serving_health.h"

#include "server/token/access_token_validator.h"
#include "storage/postgres/postgres_probe.h"
#include "storage/redis/redis_probe.h"

namespace tgauth {

std::unique_ptr<HealthMonitor> MakeServingHealth(ServingHealthDeps deps) {
  std::vector<HealthCheck> checks;
  checks.push_back(
      {"postgresql", [probe = std::make_unique<storage::PostgresProbe>(
                          deps.database_url, kStoreProbeTimeout)] { return probe->Check(); }});
  checks.push_back({"redis", [probe = std::make_unique<storage::RedisProbe>(
                                  deps.redis, kStoreProbeTimeout)] { return probe->Check(); }});
  // Access tokens are refused (fail closed) once the feed is this stale, so
  // the server cannot do its main work either.
  checks.push_back({"revocation feed", [&revoked = deps.revoked, &clock = deps.clock] {
                      return revoked.CheckFresh(clock.Now(),
                                                AccessTokenValidator::kMaxRevocationStaleness);
                    }});
  std::vector<std::string> services = std::move(deps.services);
  services.push_back("");
  return std::make_unique<HealthMonitor>(
      kServingHealthPeriod, std::move(checks), deps.check_clock,
      [&health = deps.health, services = std::move(services)](bool serving) {
        for (const std::string& service : services) health.SetServingStatus(service, serving);
      });
}

}  // namespace tgauth
