// Start-up refuses a bad configuration with one clear line on stderr and a
// non-zero exit, and never falls back to another store.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/private_file.h"
#include "tests/fixtures/test_certificates.h"
#include "tests/storage/test_env.h"

namespace tgauth::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together.
};

Outcome Run(absl::string_view binary, const std::string& flags) {
  Outcome outcome;
  // A clean environment: TGAUTH_* variables of the test run must not
  // configure the binary under test.
  const std::string command = absl::StrCat("env -i ", binary, " ", flags, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) outcome.output += buffer;
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

Outcome RunServer(const std::string& flags) { return Run(TGAUTH_SERVER_BIN, flags); }
Outcome RunGateway(const std::string& flags) { return Run(TGAUTH_GATEWAY_BIN, flags); }
// RunServer() for a server that might not exit on its own: killed after 20 s.
Outcome RunServerForAtMost20Seconds(const std::string& flags) {
  return Run(absl::StrCat("/usr/bin/timeout 20 ", TGAUTH_SERVER_BIN), flags);
}

// The message of the last line the process logged (log lines may come
// before it); the line itself when it is not a JSON log line.
std::string LastLine(const std::string& output) {
  std::string trimmed = output.substr(0, output.find_last_not_of('\n') + 1);
  std::string line = trimmed.substr(trimmed.find_last_of('\n') + 1);
  google::protobuf::Struct json;
  if (!google::protobuf::util::JsonStringToMessage(line, &json).ok()) return line;
  auto message = json.fields().find("msg");
  return message == json.fields().end() ? line : message->second.string_value();
}

constexpr char kWebhookSecret[] = "e2e-webhook-secret_0123456789abcdef";
const std::string kBot = absl::StrCat("--bot_username=tgauth_e2e_bot --grpc_address=127.0.0.1:0",
                                      " --webhook_secret=", kWebhookSecret);
// Everything the server needs to start but the flags a test adds.
std::string Runnable() {
  return absl::StrCat("--bot_username=tgauth_e2e_bot --grpc_address=127.0.0.1:0",
                      " --database_url=", storage::TestDatabaseUrl(),
                      " --redis_url=", storage::TestRedisUrl());
}

// A file holding `contents` with `mode`, removed when the test ends.
class FileWithMode {
 public:
  FileWithMode(const std::string& contents, mode_t mode)
      : path_(WritePrivateFile("startup", contents)) {
    chmod(path_.c_str(), mode);
  }
  ~FileWithMode() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

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

// A listening socket on 127.0.0.1 that allows SO_REUSEPORT, as another
// gRPC server's would; closed when the test ends.
class ReusablePortListener {
 public:
  ReusablePortListener() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    const int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    bind(fd_, reinterpret_cast<sockaddr*>(&address), length);
    listen(fd_, 8);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~ReusablePortListener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

TEST(StartupTest, GrpcPortHeldByAnotherServerIsRefusedRatherThanShared) {
  ReusablePortListener other;
  ASSERT_GT(other.port(), 0);
  // A server that shared the port would run until killed.
  Outcome outcome =
      RunServerForAtMost20Seconds(absl::StrCat(Runnable(), " --webhook_secret=", kWebhookSecret,
                                               " --grpc_address=127.0.0.1:", other.port()));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output),
              HasSubstr(absl::StrCat("cannot listen on 127.0.0.1:", other.port())));
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
        "TGAUTH_REFRESH_TOKEN_KEY_FILE", "TGAUTH_REFRESH_TOKEN_GRACE_PERIOD",
        "TGAUTH_WEBHOOK_SECRET", "TGAUTH_GATEWAY_TOKEN_FILE"}) {
    EXPECT_THAT(outcome.output, HasSubstr(variable));
  }
}

TEST(StartupTest, RefreshTokenKeyFileShorterThan32BytesIsRefused) {
  FileWithMode key_file("too short", 0600);
  Outcome outcome = RunServer(absl::StrCat(kBot, " --database_url=", storage::TestDatabaseUrl(),
                                           " --redis_url=", storage::TestRedisUrl(),
                                           " --refresh_token_key_file=", key_file.path()));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(LastLine(outcome.output),
            "tgauth-server: the refresh token key has 9 bytes; want at least 32");
}

TEST(StartupTest, UnreadableRefreshTokenKeyFileIsRefused) {
  Outcome outcome = RunServer(absl::StrCat(kBot, " --refresh_token_key_file=/nonexistent/key"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(LastLine(outcome.output),
            "tgauth-server: --refresh_token_key_file: cannot open /nonexistent/key: No such file "
            "or directory");
}

// A key others can read may already be theirs.
TEST(StartupTest, SecretFilesOthersCanReadAreRefusedWithTheChmodThatFixesThem) {
  FileWithMode readable("-----BEGIN PRIVATE KEY-----\n", 0644);
  FileWithMode token("a-token-of-at-least-thirty-two-characters-0123456789", 0644);
  for (const std::string flag :
       {"signing_key_file", "refresh_token_key_file", "admin_token_file", "gateway_token_file"}) {
    const std::string& file = absl::EndsWith(flag, "token_file") ? token.path() : readable.path();
    Outcome outcome = RunServer(absl::StrCat(kBot, " --", flag, "=", file));
    EXPECT_EQ(outcome.exit_code, 1) << flag;
    EXPECT_THAT(LastLine(outcome.output),
                HasSubstr(absl::StrCat("tgauth-server: --", flag, ": ", file,
                                       " has mode 0644, "
                                       "too open for a secret; run `chmod ")))
        << flag;
  }
  Outcome gateway = RunGateway(
      absl::StrCat("--webhook_secret=", kWebhookSecret, " --gateway_token_file=", token.path()));
  EXPECT_EQ(gateway.exit_code, 1);
  EXPECT_THAT(LastLine(gateway.output), HasSubstr("too open for a secret; run `chmod "));
}

TEST(StartupTest, ShortGatewayTokenIsRefused) {
  FileWithMode token("short\n", 0600);
  Outcome outcome = RunServer(absl::StrCat(kBot, " --gateway_token_file=", token.path()));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("at least 32 printable characters"));
}

// The webhook secret guards HandleTelegramUpdate on the server and the
// webhook route on the gateway: both refuse a weak one at start-up.
TEST(StartupTest, MissingWeakOrPlaceholderWebhookSecretIsRefusedByBothProcesses) {
  for (const std::string& secret :
       {std::string(), std::string("test-webhook_secret"), std::string(32, '!'),
        std::string("CHANGE_ME_to_32_to_256_of_A-Z_a-z_0-9_-")}) {
    const std::string flag = secret.empty() ? "" : absl::StrCat("--webhook_secret='", secret, "'");
    for (const Outcome& outcome :
         {RunServer(absl::StrCat(Runnable(), " ", flag)), RunGateway(flag)}) {
      EXPECT_EQ(outcome.exit_code, 1) << secret;
      EXPECT_THAT(LastLine(outcome.output),
                  HasSubstr("--webhook_secret (TGAUTH_WEBHOOK_SECRET) is required: the webhook "
                            "secret "))
          << secret;
    }
  }
}

TEST(StartupTest, EndedSessionRetentionShorterThanAnAccessTokenIsRefused) {
  // Replicas starting up must still find the revocations of the last 16 min.
  Outcome outcome = RunServer(absl::StrCat(kBot, " --database_url=", storage::TestDatabaseUrl(),
                                           " --redis_url=", storage::TestRedisUrl(),
                                           " --ended_session_retention=10m"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("--ended_session_retention"));
}

TEST(StartupTest, RedisWithAWrongPasswordIsRefusedWithoutLeakingIt) {
  absl::StatusOr<storage::RedisEndpoint> redis = storage::ParseRedisUrl(storage::TestRedisUrl());
  ASSERT_TRUE(redis.ok()) << redis.status();
  Outcome outcome = RunServer(absl::StrCat(kBot, " --database_url=", storage::TestDatabaseUrl(),
                                           " --redis_url=redis://:wrong-s3cret@", redis->host, ":",
                                           redis->port, "/", redis->db));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("refused the credentials in the Redis URL"));
  EXPECT_THAT(outcome.output, Not(HasSubstr("wrong-s3cret")));
}

TEST(StartupTest, RedisOverTlsIsRefusedSayingHowToTerminateTlsInFront) {
  Outcome outcome = RunServer(absl::StrCat(kBot, " --database_url=", storage::TestDatabaseUrl(),
                                           " --redis_url=rediss://:s3cret@127.0.0.1:6380/0"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("tgauth-server: --redis_url: rediss://"));
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("Terminate TLS in front of Redis"));
  EXPECT_THAT(outcome.output, Not(HasSubstr("s3cret")));
}

class TlsStartupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<fixtures::TestCertificates>> made =
        fixtures::TestCertificates::Create();
    ASSERT_TRUE(made.ok()) << made.status();
    certificates_ = *std::move(made);
  }
  std::unique_ptr<fixtures::TestCertificates> certificates_;
};

TEST_F(TlsStartupTest, ServerCertificateWithoutKeyIsRefused) {
  Outcome outcome = RunServer(
      absl::StrCat(kBot, " --grpc_tls_cert_file=", certificates_->server().certificate_file));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(LastLine(outcome.output),
            "tgauth-server: --grpc_tls_cert_file and --grpc_tls_key_file go together: both for "
            "TLS, or neither");
}

TEST_F(TlsStartupTest, ClientCaWithoutServerCertificateIsRefused) {
  Outcome outcome =
      RunServer(absl::StrCat(kBot, " --grpc_client_ca_file=", certificates_->ca_file()));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("--grpc_client_ca_file needs"));
}

TEST_F(TlsStartupTest, ServerKeyOfAnotherCertificateIsRefused) {
  Outcome outcome = RunServer(
      absl::StrCat(kBot, " --grpc_tls_cert_file=", certificates_->server().certificate_file,
                   " --grpc_tls_key_file=", certificates_->client().key_file));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(LastLine(outcome.output),
            absl::StrCat("tgauth-server: gRPC TLS: the private key in ",
                         certificates_->client().key_file, " is not the key of the certificate in ",
                         certificates_->server().certificate_file));
}

TEST_F(TlsStartupTest, ServerKeyReadableByOthersIsRefused) {
  ASSERT_EQ(chmod(certificates_->server().key_file.c_str(), 0644), 0);
  Outcome outcome = RunServer(
      absl::StrCat(kBot, " --grpc_tls_cert_file=", certificates_->server().certificate_file,
                   " --grpc_tls_key_file=", certificates_->server().key_file));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("gRPC TLS: "));
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("chmod"));
}

TEST_F(TlsStartupTest, CaFileWithoutACertificateIsRefused) {
  Outcome outcome = RunServer(
      absl::StrCat(kBot, " --grpc_tls_cert_file=", certificates_->server().certificate_file,
                   " --grpc_tls_key_file=", certificates_->server().key_file,
                   " --grpc_client_ca_file=", certificates_->server().key_file));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(LastLine(outcome.output),
            absl::StrCat("tgauth-server: gRPC TLS: ", certificates_->server().key_file,
                         " holds no PEM certificate"));
}

TEST_F(TlsStartupTest, GatewayClientCertificateWithoutCaIsRefused) {
  Outcome outcome =
      RunGateway(absl::StrCat("--server_tls_cert_file=", certificates_->client().certificate_file,
                              " --server_tls_key_file=", certificates_->client().key_file));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output),
              HasSubstr("tgauth-gateway: --server_tls_cert_file and --server_tls_name need "
                        "--server_tls_ca_file"));
}

TEST_F(TlsStartupTest, GatewayClientCertificateWithoutKeyIsRefused) {
  Outcome outcome = RunGateway(
      absl::StrCat("--server_tls_ca_file=", certificates_->ca_file(),
                   " --server_tls_cert_file=", certificates_->client().certificate_file));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(LastLine(outcome.output),
            "tgauth-gateway: --server_tls_cert_file and --server_tls_key_file go together");
}

TEST_F(TlsStartupTest, GatewayClientKeyOfAnotherCertificateIsRefused) {
  Outcome outcome =
      RunGateway(absl::StrCat("--server_tls_ca_file=", certificates_->ca_file(),
                              " --server_tls_cert_file=", certificates_->client().certificate_file,
                              " --server_tls_key_file=", certificates_->server().key_file));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("tgauth-gateway: TLS to the server: "));
  EXPECT_THAT(LastLine(outcome.output), HasSubstr("is not the key of the certificate"));
}

}  // namespace
}  // namespace tgauth::e2e
