// A real tgauth deployment for end-to-end tests: tgauth-server and
// tgauth-gateway as child processes on free loopback ports, against the test
// PostgreSQL and a Redis, driven over HTTP like a browser and Telegram would.
// Configured as deployed: both share a webhook secret and a gateway token,
// and each process serves Prometheus metrics on a port of its own. Several
// server replicas may run behind the one gateway, which spreads calls over
// them round robin (gateway/main.cc), as behind a headless Service.
// Each process's stderr goes to a log file (the replicas share one); when the
// cluster stops it audits them (log_audit.h): every line must be a JSON
// object holding none of the secrets the cluster made, was configured with,
// or saw pass in its HTTP requests and replies. A bad line fails the current
// test.
#ifndef TGAUTH_TESTS_E2E_TGAUTH_CLUSTER_H_
#define TGAUTH_TESTS_E2E_TGAUTH_CLUSTER_H_

#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/log_audit.h"
#include "tests/fixtures/http_client.h"
#include "tests/fixtures/test_certificates.h"

namespace tgauth::e2e {

struct ClusterOptions {
  std::string database_url;                // Empty: the test database.
  std::string redis_url;                   // Empty: the test Redis.
  std::vector<std::string> server_flags;   // Extra flags, e.g. "--login_ttl=1s".
  std::vector<std::string> gateway_flags;  // Extra flags of the gateway.
  int replicas = 1;                        // tgauth-server processes, one port each.
  // Non-null: the gateway (with the client certificate) and the server
  // (requiring one from this CA) talk gRPC over mutual TLS.
  const fixtures::TestCertificates* mutual_tls = nullptr;
};

class TgauthCluster {
 public:
  // Starts both processes and waits until the gateway's /readyz answers 200
  // (at most 20 s). Uses a fresh Redis key prefix, so clusters never share
  // pending logins.
  static absl::StatusOr<std::unique_ptr<TgauthCluster>> Start(ClusterOptions options);

  // One HTTP request to the gateway, with a 40 s timeout. The credentials
  // in the request and the reply are recorded for the log audit.
  absl::StatusOr<fixtures::HttpReply> Http(absl::string_view method, absl::string_view target,
                                           const fixtures::HttpHeaders& headers = {},
                                           absl::string_view body = "");

  // POSTs `update_json` to /telegram/webhook with the right secret.
  absl::StatusOr<fixtures::HttpReply> SendUpdate(absl::string_view update_json);

  // Stops both processes, audits their logs (a bad line is a test failure;
  // a failed test also gets the logs printed), and removes the files.
  ~TgauthCluster();

  // For secrets a test obtains around the gateway (e.g. over gRPC).
  LogAudit& log_audit() { return audit_; }
  // What the audit finds in both logs now; empty when they are clean.
  std::vector<std::string> LogProblems() const;
  // The log files, appended to across RestartServer.
  const std::string& server_log() const { return server_log_; }
  const std::string& gateway_log() const { return gateway_log_; }

  // Kills the server like a crash, then starts it again with the same
  // configuration and waits until it is ready.
  absl::Status RestartServer(int replica = 0);
  // The two halves of RestartServer: SIGKILL, like a crash, waiting for the
  // exit; then a start on the same port, returning once it accepts gRPC
  // connections and the gateway's /readyz says 200.
  void KillServer(int replica = 0);
  absl::Status StartServerAgain(int replica = 0);

  // What a gRPC client of this cluster's server needs: plaintext, or TLS
  // with the gateway's client certificate under ClusterOptions::mutual_tls.
  std::shared_ptr<grpc::ChannelCredentials> GrpcCredentials() const;

  const std::string& webhook_secret() const { return webhook_secret_; }
  // What the gateway presents so the server believes the device facts it relays.
  const std::string& gateway_token() const { return gateway_token_; }
  int gateway_port() const { return gateway_port_; }
  // The processes, for tests that signal them (e.g. SIGTERM).
  ChildProcess& server_process(int replica = 0) { return *servers_[replica]; }
  ChildProcess& gateway_process() { return *gateway_; }
  int grpc_port(int replica = 0) const { return grpc_ports_[replica]; }

  // GET /metrics of a tgauth-server replica or of tgauth-gateway (their
  // --metrics_address); INTERNAL unless it answers 200.
  absl::StatusOr<std::string> ServerMetrics(int replica = 0);
  absl::StatusOr<std::string> GatewayMetrics();

 private:
  TgauthCluster() = default;
  absl::Status StartServer(int replica);
  absl::Status WaitForServer(int replica);  // Until its gRPC port accepts a connection.
  absl::Status WaitUntilReady();            // Until the gateway's /readyz says 200.
  void RecordConfiguredSecrets();           // The flags' and URLs' secrets, for the audit.
  void AuditAndRemoveLogs();

  ClusterOptions options_;
  std::string webhook_secret_;
  std::string gateway_token_;
  std::string gateway_token_file_;  // Read by both processes.
  std::string key_prefix_;
  std::vector<int> grpc_ports_;  // One per replica.
  int gateway_port_ = 0;
  std::vector<int> server_metrics_ports_;  // One per replica.
  int gateway_metrics_port_ = 0;
  std::string log_dir_;
  std::string server_log_;  // Every replica's, appended.
  std::string gateway_log_;
  LogAudit audit_;
  std::vector<std::unique_ptr<ChildProcess>> servers_;  // Null while killed.
  std::unique_ptr<ChildProcess> gateway_;
};

}  // namespace tgauth::e2e

#endif  // TGAUTH_TESTS_E2E_TGAUTH_CLUSTER_H_
