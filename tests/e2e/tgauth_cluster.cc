#include "tests/e2e/tgauth_cluster.h"

#include <grpcpp/grpcpp.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/secure_token.h"
#include "gtest/gtest.h"
#include "tests/e2e/private_file.h"
#include "tests/storage/test_env.h"

namespace tgauth::e2e {

absl::StatusOr<std::unique_ptr<TgauthCluster>> TgauthCluster::Start(ClusterOptions options) {
  std::unique_ptr<TgauthCluster> cluster(new TgauthCluster());
  if (options.database_url.empty()) options.database_url = storage::TestDatabaseUrl();
  if (options.redis_url.empty()) options.redis_url = storage::TestRedisUrl();
  cluster->options_ = std::move(options);
  cluster->webhook_secret_ = *NewToken();
  cluster->gateway_token_ = *NewToken();
  cluster->gateway_token_file_ = WritePrivateFile("gateway-token", cluster->gateway_token_);
  char log_dir[] = "/tmp/tgauth-e2e-logs-XXXXXX";
  if (mkdtemp(log_dir) == nullptr) return absl::InternalError("mkdtemp failed");
  cluster->log_dir_ = log_dir;
  cluster->server_log_ = absl::StrCat(cluster->log_dir_, "/tgauth-server.log");
  cluster->gateway_log_ = absl::StrCat(cluster->log_dir_, "/tgauth-gateway.log");
  cluster->RecordConfiguredSecrets();
  cluster->key_prefix_ = storage::RandomKeyPrefix();
  cluster->gateway_port_ = storage::ClosedPort();
  cluster->gateway_metrics_port_ = storage::ClosedPort();
  std::vector<std::string> server_addresses;
  for (int replica = 0; replica < std::max(cluster->options_.replicas, 1); ++replica) {
    cluster->grpc_ports_.push_back(storage::ClosedPort());
    cluster->server_metrics_ports_.push_back(storage::ClosedPort());
    cluster->servers_.emplace_back();
    server_addresses.push_back(absl::StrCat("127.0.0.1:", cluster->grpc_ports_.back()));
    if (absl::Status s = cluster->StartServer(replica); !s.ok()) return s;
    if (absl::Status s = cluster->WaitForServer(replica); !s.ok()) return s;
  }

  std::vector<std::string> gateway_argv = {
      TGAUTH_GATEWAY_BIN,
      absl::StrCat("--listen_address=127.0.0.1:", cluster->gateway_port_),
      absl::StrCat("--metrics_address=127.0.0.1:", cluster->gateway_metrics_port_),
      // gRPC's ipv4 resolver: every replica's address, for round_robin.
      absl::StrCat("--server_address=ipv4:", absl::StrJoin(server_addresses, ",")),
      absl::StrCat("--webhook_secret=", cluster->webhook_secret_),
      absl::StrCat("--gateway_token_file=", cluster->gateway_token_file_),
  };
  if (const fixtures::TestCertificates* tls = cluster->options_.mutual_tls; tls != nullptr) {
    gateway_argv.insert(gateway_argv.end(),
                        {absl::StrCat("--server_tls_ca_file=", tls->ca_file()),
                         absl::StrCat("--server_tls_cert_file=", tls->client().certificate_file),
                         absl::StrCat("--server_tls_key_file=", tls->client().key_file)});
  }
  gateway_argv.insert(gateway_argv.end(), cluster->options_.gateway_flags.begin(),
                      cluster->options_.gateway_flags.end());
  absl::StatusOr<ChildProcess> gateway = ChildProcess::Start(gateway_argv, cluster->gateway_log_);
  if (!gateway.ok()) return gateway.status();
  cluster->gateway_ = std::make_unique<ChildProcess>(*std::move(gateway));
  if (absl::Status s = cluster->WaitUntilReady(); !s.ok()) return s;
  return cluster;
}

TgauthCluster::~TgauthCluster() {
  gateway_.reset();
  servers_.clear();
  if (!gateway_token_file_.empty()) std::remove(gateway_token_file_.c_str());
  AuditAndRemoveLogs();
}

namespace {

// The password of a URL's userinfo ("scheme://user:password@host/..."), or "".
std::string UrlPassword(absl::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == absl::string_view::npos) return "";
  absl::string_view rest = url.substr(scheme + 3);
  const size_t at = rest.find('@');
  if (at == absl::string_view::npos) return "";
  absl::string_view userinfo = rest.substr(0, at);
  const size_t colon = userinfo.find(':');
  return colon == absl::string_view::npos ? "" : std::string(userinfo.substr(colon + 1));
}

std::string FileContents(absl::string_view path) {
  std::ifstream file{std::string(path)};
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// The cluster's logs are removed with it, before the test can print them:
// the error carries how the process ended and its log.
absl::Status ExitedDuringStartUp(absl::string_view process, const ChildProcess& child,
                                 const std::string& log) {
  return absl::InternalError(absl::StrCat(process, " exited during start-up (",
                                          child.exit_description(), "); its log:\n",
                                          FileContents(log)));
}

}  // namespace

void TgauthCluster::RecordConfiguredSecrets() {
  audit_.Record(webhook_secret_);
  audit_.Record(gateway_token_);
  audit_.Record(UrlPassword(options_.database_url));
  audit_.Record(UrlPassword(options_.redis_url));
  for (absl::string_view flag : options_.server_flags) {
    if (absl::ConsumePrefix(&flag, "--bot_token=")) {
      audit_.Record(flag);
      // The part after "<bot id>:" is the secret (Bot API tokens).
      if (const size_t colon = flag.find(':'); colon != absl::string_view::npos) {
        audit_.Record(flag.substr(colon + 1));
      }
    } else if (absl::ConsumePrefix(&flag, "--admin_token_file=")) {
      audit_.Record(FileContents(flag));
    }
  }
}

std::vector<std::string> TgauthCluster::LogProblems() const {
  std::vector<std::string> problems = audit_.Check(server_log_);
  std::vector<std::string> gateway = audit_.Check(gateway_log_);
  problems.insert(problems.end(), gateway.begin(), gateway.end());
  return problems;
}

void TgauthCluster::AuditAndRemoveLogs() {
  if (log_dir_.empty()) return;
  for (const std::string& problem : LogProblems()) ADD_FAILURE() << problem;
  for (const std::string* log : {&server_log_, &gateway_log_}) {
    if (::testing::Test::HasFailure()) {
      std::fprintf(stderr, "--- %s ---\n%s", log->c_str(), FileContents(*log).c_str());
    }
    std::remove(log->c_str());
  }
  rmdir(log_dir_.c_str());
}

absl::Status TgauthCluster::StartServer(int replica) {
  std::vector<std::string> argv = {
      TGAUTH_SERVER_BIN,
      absl::StrCat("--grpc_address=127.0.0.1:", grpc_ports_[replica]),
      absl::StrCat("--metrics_address=127.0.0.1:", server_metrics_ports_[replica]),
      absl::StrCat("--database_url=", options_.database_url),
      absl::StrCat("--redis_url=", options_.redis_url),
      absl::StrCat("--redis_key_prefix=", key_prefix_),
      "--bot_username=tgauth_e2e_bot",
      absl::StrCat("--site_url=http://127.0.0.1:", gateway_port_),
      absl::StrCat("--webhook_secret=", webhook_secret_),
      absl::StrCat("--gateway_token_file=", gateway_token_file_),
      "--database_pool_size=4",
      "--redis_pool_size=4",
  };
  if (const fixtures::TestCertificates* tls = options_.mutual_tls; tls != nullptr) {
    argv.insert(argv.end(), {absl::StrCat("--grpc_tls_cert_file=", tls->server().certificate_file),
                             absl::StrCat("--grpc_tls_key_file=", tls->server().key_file),
                             absl::StrCat("--grpc_client_ca_file=", tls->ca_file())});
  }
  argv.insert(argv.end(), options_.server_flags.begin(), options_.server_flags.end());
  absl::StatusOr<ChildProcess> server = ChildProcess::Start(argv, server_log_);
  if (!server.ok()) return server.status();
  servers_[replica] = std::make_unique<ChildProcess>(*std::move(server));
  return absl::OkStatus();
}

absl::Status TgauthCluster::WaitForServer(int replica) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 20);  // gRPC's default is 1 s.
  auto channel = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", grpc_ports_[replica]),
                                           GrpcCredentials(), args);
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (absl::Now() < give_up) {
    if (!servers_[replica]->Running()) {
      return ExitedDuringStartUp("tgauth-server", *servers_[replica], server_log_);
    }
    if (channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Milliseconds(200)))) {
      return absl::OkStatus();
    }
  }
  return absl::DeadlineExceededError("tgauth-server did not listen within 20 s");
}

std::shared_ptr<grpc::ChannelCredentials> TgauthCluster::GrpcCredentials() const {
  const fixtures::TestCertificates* tls = options_.mutual_tls;
  if (tls == nullptr) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = tls->ca_pem();
  options.pem_cert_chain = tls->client().certificate_pem;
  options.pem_private_key = tls->client().key_pem;
  return grpc::SslCredentials(options);
}

absl::Status TgauthCluster::WaitUntilReady() {
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (absl::Now() < give_up) {
    for (const std::unique_ptr<ChildProcess>& server : servers_) {
      if (server != nullptr && !server->Running()) {
        return ExitedDuringStartUp("tgauth-server", *server, server_log_);
      }
    }
    if (!gateway_->Running()) {
      return ExitedDuringStartUp("tgauth-gateway", *gateway_, gateway_log_);
    }
    absl::StatusOr<fixtures::HttpReply> ready =
        fixtures::Fetch("127.0.0.1", gateway_port_, "GET", "/readyz", {}, "", absl::Seconds(2));
    if (ready.ok() && ready->status == 200) return absl::OkStatus();
    // Start-up of another process: nothing to wait on but time.
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::DeadlineExceededError("tgauth did not become ready within 20 s");
}

absl::StatusOr<fixtures::HttpReply> TgauthCluster::Http(absl::string_view method,
                                                        absl::string_view target,
                                                        const fixtures::HttpHeaders& headers,
                                                        absl::string_view body) {
  audit_.RecordHeaders(headers);
  audit_.RecordQuery(target);
  audit_.RecordJson(body);
  absl::StatusOr<fixtures::HttpReply> reply =
      fixtures::Fetch("127.0.0.1", gateway_port_, method, target, headers, body, absl::Seconds(40));
  if (reply.ok()) {
    audit_.RecordHeaders(reply->headers);  // The session cookie.
    audit_.RecordJson(reply->body);
  }
  return reply;
}

absl::StatusOr<fixtures::HttpReply> TgauthCluster::SendUpdate(absl::string_view update_json) {
  return Http(
      "POST", "/telegram/webhook",
      {{"Content-Type", "application/json"}, {"X-Telegram-Bot-Api-Secret-Token", webhook_secret_}},
      update_json);
}

namespace {

absl::StatusOr<std::string> ScrapeMetrics(int port) {
  absl::StatusOr<fixtures::HttpReply> reply =
      fixtures::Fetch("127.0.0.1", port, "GET", "/metrics", {}, "", absl::Seconds(10));
  if (!reply.ok()) return reply.status();
  if (reply->status != 200) {
    return absl::InternalError(absl::StrCat("GET /metrics: HTTP ", reply->status));
  }
  return reply->body;
}

}  // namespace

absl::StatusOr<std::string> TgauthCluster::ServerMetrics(int replica) {
  return ScrapeMetrics(server_metrics_ports_[replica]);
}

absl::StatusOr<std::string> TgauthCluster::GatewayMetrics() {
  return ScrapeMetrics(gateway_metrics_port_);
}

absl::Status TgauthCluster::RestartServer(int replica) {
  KillServer(replica);
  return StartServerAgain(replica);
}

void TgauthCluster::KillServer(int replica) {
  servers_[replica]->Kill();
  servers_[replica].reset();
}

absl::Status TgauthCluster::StartServerAgain(int replica) {
  if (absl::Status s = StartServer(replica); !s.ok()) return s;
  if (absl::Status s = WaitForServer(replica); !s.ok()) return s;
  return WaitUntilReady();
}

}  // namespace tgauth::e2e
