// Start-up refuses a bad configuration with one clear line on stderr and a
// non-zero exit, and never falls back to another store.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/test_env.h"

namespace tgauth::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together.
};

Outcome RunServer(const std::string& flags) {
  Outcome outcome;
  // A clean environment: TGAUTH_* variables of the test run must not
  // configure the server under test.
  const std::string command = absl::StrCat("env -i ", TGAUTH_SERVER_BIN, " ", flags, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) outcome.output += buffer;
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

// The last line the server printed (log lines may come before it).
std::string LastLine(const std::string& output) {
  std::string trimmed = output.substr(0, output.find_last_not_of('\n') + 1);
  return trimmed.substr(trimmed.find_last_of('\n') + 1);
}

const std::string kBot = "--bot_username=tgauth_e2e_bot --grpc_address=127.0.0.1:0";

TEST(StartupTest, MissingDatabaseUrlIsRefused) {
  Outcome outcome = RunServer(absl::StrCat(kBot, " --redis_url=", storage::TestRedisUrl()));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(LastLine(outcome.output),
            "tgauth-server: --database_url (TGAUTH_DATABASE_URL) is required: a postgresql:// URL");
}

TEST(StartupTest, NonPostgresqlDatabaseUrlIsRefused) {
  Outcome outcome = RunServer(absl::StrCat(
      kBot, " --database_url=sqlite:///tmp/x.db --redis_url=", storage::TestRedisUrl()));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("postgresql://"));
}

TEST(StartupTest, UnreachableDatabaseIsRefusedWithoutLeakingThePassword) {
  Outcome outcome = RunServer(absl::StrCat(
      kBot, " --database_url=postgresql://tgauth:s3cret@127.0.0.1:", storage::ClosedPort(),
      "/tgauth --redis_url=", storage::TestRedisUrl()));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("cannot connect to PostgreSQL"));
  EXPECT_THAT(outcome.output, Not(HasSubstr("s3cret")));
}

TEST(StartupTest, UnreachableRedisIsRefused) {
  Outcome outcome =
      RunServer(absl::StrCat(kBot, " --database_url=", storage::TestDatabaseUrl(),
                             " --redis_url=redis://127.0.0.1:", storage::ClosedPort(), "/0"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("cannot connect to Redis"));
}

TEST(StartupTest, InvalidBotUsernameIsRefused) {
  Outcome outcome = RunServer("--bot_username=@not_a_bot_name");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("--bot_username"));
}

TEST(StartupTest, HelpListsEveryFlagWithItsVariable) {
  Outcome outcome = RunServer("--help");
  EXPECT_EQ(outcome.exit_code, 0);
  for (const char* variable :
       {"TGAUTH_DATABASE_URL", "TGAUTH_REDIS_URL", "TGAUTH_BOT_USERNAME", "TGAUTH_BOT_TOKEN",
        "TGAUTH_SITE_URL", "TGAUTH_GRPC_ADDRESS", "TGAUTH_LOGIN_TTL", "TGAUTH_SIGNING_KEY_FILE",
        "TGAUTH_REFRESH_TOKEN_KEY_FILE", "TGAUTH_REFRESH_TOKEN_GRACE_PERIOD"}) {
    EXPECT_THAT(outcome.output, HasSubstr(variable));
  }
}

TEST(StartupTest, RefreshTokenKeyFileShorterThan32BytesIsRefused) {
  const std::string key_file = absl::StrCat(::testing::TempDir(), "tgauth-short-key-", getpid());
  std::ofstream(key_file) << "too short";
  Outcome outcome = RunServer(absl::StrCat(kBot, " --database_url=", storage::TestDatabaseUrl(),
                                           " --redis_url=", storage::TestRedisUrl(),
                                           " --refresh_token_key_file=", key_file));
  std::remove(key_file.c_str());
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(LastLine(outcome.output),
            "tgauth-server: the refresh token key has 9 bytes; want at least 32");
}

TEST(StartupTest, UnreadableRefreshTokenKeyFileIsRefused) {
  Outcome outcome = RunServer(absl::StrCat(kBot, " --refresh_token_key_file=/nonexistent/key"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(LastLine(outcome.output),
            "tgauth-server: cannot read --refresh_token_key_file /nonexistent/key");
}

TEST(StartupTest, EndedSessionRetentionShorterThanAnAccessTokenIsRefused) {
  // Replicas starting up must still find the revocations of the last 16 min.
  Outcome outcome = RunServer(absl::StrCat(kBot, " --database_url=", storage::TestDatabaseUrl(),
                                           " --redis_url=", storage::TestRedisUrl(),
                                           " --ended_session_retention=10m"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("--ended_session_retention"));
}

}  // namespace
}  // namespace tgauth::e2e
