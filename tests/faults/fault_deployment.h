// A tgauth deployment of one fault-injection test alone, configured as
// deployed: tgauth-gateway in front of one or more tgauth-server replicas
// sharing a refresh-token key, a private PostgreSQL and a private Redis
// (append-only file, as scripts/start-services runs it) that the test may
// crash, restart or freeze, and a fake Bot API for the bot's own calls.
#ifndef TGAUTH_TESTS_FAULTS_FAULT_DEPLOYMENT_H_
#define TGAUTH_TESTS_FAULTS_FAULT_DEPLOYMENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/e2e/private_postgres.h"
#include "tests/e2e/private_redis.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/faults/login_load.h"
#include "tests/faults/session_audit.h"
#include "tests/fixtures/fake_bot_api.h"

namespace tgauth::faults {

struct DeploymentOptions {
  int replicas = 1;
  std::vector<std::string> server_flags;  // Added to the deployed configuration.
};

class FaultDeployment {
 public:
  // Starts PostgreSQL, Redis, the fake Bot API and the cluster; the server
  // runs with pools of 4 connections (e2e::TgauthCluster).
  static absl::StatusOr<std::unique_ptr<FaultDeployment>> Start(DeploymentOptions options);
  ~FaultDeployment();  // Stops everything and removes the key file.

  e2e::TgauthCluster& cluster() { return *cluster_; }
  e2e::PrivatePostgres& postgres() { return *postgres_; }
  e2e::PrivateRedis& redis() { return *redis_; }

  // AuditSessions of everything `load` received.
  absl::StatusOr<SessionAudit> Audit(const LoginLoad& load) const;

 private:
  FaultDeployment() = default;

  std::unique_ptr<e2e::PrivatePostgres> postgres_;
  std::unique_ptr<e2e::PrivateRedis> redis_;
  std::unique_ptr<fixtures::FakeBotApi> bot_api_;
  std::string refresh_key_file_;
  std::unique_ptr<e2e::TgauthCluster> cluster_;
};

}  // namespace tgauth::faults

#endif  // TGAUTH_TESTS_FAULTS_FAULT_DEPLOYMENT_H_
