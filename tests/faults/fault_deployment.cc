#include "tests/faults/fault_deployment.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "tests/e2e/private_file.h"
#include "tests/storage/test_env.h"

namespace tgauth::faults {
namespace {

constexpr char kBotToken[] = "123456789:AAE_faultTestTokenOfTheFakeBotApi012";

}  // namespace

absl::StatusOr<std::unique_ptr<FaultDeployment>> FaultDeployment::Start(DeploymentOptions options) {
  std::unique_ptr<FaultDeployment> deployment(new FaultDeployment());
  absl::StatusOr<std::unique_ptr<e2e::PrivatePostgres>> postgres = e2e::PrivatePostgres::Create();
  if (!postgres.ok()) return postgres.status();
  deployment->postgres_ = *std::move(postgres);
  if (absl::Status s = deployment->postgres_->Start(); !s.ok()) return s;
  deployment->redis_ = std::make_unique<e2e::PrivateRedis>(storage::ClosedPort());
  if (absl::Status s = deployment->redis_->Start(); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<fixtures::FakeBotApi>> bot_api = fixtures::FakeBotApi::Start();
  if (!bot_api.ok()) return bot_api.status();
  deployment->bot_api_ = *std::move(bot_api);
  // Every replica derives rotated refresh tokens from the same key, so a
  // replayed token leads to the session's current one on any of them.
  deployment->refresh_key_file_ = e2e::WritePrivateFile("refresh-key", *NewToken());

  std::vector<std::string> flags = {
      absl::StrCat("--bot_token=", kBotToken),
      absl::StrCat("--bot_api_base_url=", deployment->bot_api_->base_url()),
      absl::StrCat("--refresh_token_key_file=", deployment->refresh_key_file_),
      "--issuer=https://auth.test",
      // The load comes from one address; the limits are tested elsewhere.
      "--logins_per_ip_per_minute=0",
  };
  flags.insert(flags.end(), options.server_flags.begin(), options.server_flags.end());
  absl::StatusOr<std::unique_ptr<e2e::TgauthCluster>> cluster =
      e2e::TgauthCluster::Start({.database_url = deployment->postgres_->url(),
                                 .redis_url = deployment->redis_->url(),
                                 .server_flags = std::move(flags),
                                 .replicas = options.replicas});
  if (!cluster.ok()) return cluster.status();
  deployment->cluster_ = *std::move(cluster);
  return deployment;
}

FaultDeployment::~FaultDeployment() {
  cluster_.reset();
  bot_api_.reset();
  redis_.reset();
  postgres_.reset();
  if (!refresh_key_file_.empty()) std::remove(refresh_key_file_.c_str());
}

absl::StatusOr<SessionAudit> FaultDeployment::Audit(const LoginLoad& load) const {
  return AuditSessions(postgres_->url(), load.sessions(), load.refresh_tokens());
}

}  // namespace tgauth::faults
