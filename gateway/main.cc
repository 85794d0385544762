// tgauth-gateway: the HTTP face of tgauth (REST API, Telegram webhook, JWKS,
// login page), translating requests into tgauth.v1.AuthService RPCs.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <pthread.h>
#include <signal.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/env_flags.h"
#include "common/library_logs.h"
#include "common/log.h"
#include "common/metrics/metrics.h"
#include "common/mutex_deadlock_checks.h"
#include "common/shared_secret.h"
#include "common/tls_files.h"
#include "common/webhook_secret.h"
#include "gateway/gateway_flags.h"
#include "gateway/gateway_token.h"
#include "gateway/http_metrics.h"
#include "gateway/http_server.h"
#include "gateway/origin_list.h"
#include "gateway/router.h"
#include "tgauth/v1/auth.grpc.pb.h"
#include "tgauth/v1/oauth.grpc.pb.h"

namespace {

constexpr char kUsage[] =
    "tgauth-gateway: HTTP gateway of tgauth (REST API, Telegram webhook, JWKS, login page)";

// Fails start-up with one log line.
int Fail(absl::string_view message) {
  tgauth::LogError(absl::StrCat("tgauth-gateway: ", message));
  return 1;
}

// The HTTP server's limits from the flags; INVALID_ARGUMENT names a bad one.
absl::StatusOr<tgauth::gateway::HttpServerOptions> HttpOptionsFromFlags() {
  const int max_connections = absl::GetFlag(FLAGS_max_connections);
  const int per_client = absl::GetFlag(FLAGS_max_connections_per_client);
  const int64_t body_bytes = absl::GetFlag(FLAGS_max_buffered_body_bytes);
  const int64_t client_body_bytes = absl::GetFlag(FLAGS_max_buffered_body_bytes_per_client);
  tgauth::gateway::HttpServerOptions options;
  if (max_connections < 1) return absl::InvalidArgumentError("--max_connections must be >= 1");
  if (per_client < 0) {
    return absl::InvalidArgumentError("--max_connections_per_client must be >= 0");
  }
  if (body_bytes < static_cast<int64_t>(options.max_body_bytes)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--max_buffered_body_bytes must hold at least one body (", options.max_body_bytes, ")"));
  }
  if (client_body_bytes != 0 && client_body_bytes < static_cast<int64_t>(options.max_body_bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--max_buffered_body_bytes_per_client must be 0 or hold at least one body (",
                     options.max_body_bytes, ")"));
  }
  options.max_buffered_body_bytes_per_client = static_cast<size_t>(client_body_bytes);
  options.max_connections = static_cast<size_t>(max_connections);
  options.max_connections_per_client = static_cast<size_t>(per_client);
  options.max_buffered_body_bytes = static_cast<size_t>(body_bytes);
  options.header_timeout = absl::GetFlag(FLAGS_header_read_timeout);
  options.body_timeout = absl::GetFlag(FLAGS_body_read_timeout);
  options.idle_timeout = absl::GetFlag(FLAGS_idle_timeout);
  for (absl::Duration timeout :
       {options.header_timeout, options.body_timeout, options.idle_timeout}) {
    if (timeout <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError("read and idle timeouts must be positive");
    }
  }
  return options;
}

// Plaintext, or TLS to a server that chains to the CA file, showing a
// client certificate when one is given. Exits on a bad combination or file.
std::shared_ptr<grpc::ChannelCredentials> ServerChannelCredentials() {
  const tgauth::TlsFiles files{.certificate_chain = absl::GetFlag(FLAGS_server_tls_cert_file),
                               .private_key = absl::GetFlag(FLAGS_server_tls_key_file),
                               .ca = absl::GetFlag(FLAGS_server_tls_ca_file)};
  if (files.certificate_chain.empty() != files.private_key.empty()) {
    std::exit(Fail("--server_tls_cert_file and --server_tls_key_file go together"));
  }
  if (files.ca.empty() &&
      (!files.certificate_chain.empty() || !absl::GetFlag(FLAGS_server_tls_name).empty())) {
    std::exit(
        Fail("--server_tls_cert_file and --server_tls_name need --server_tls_ca_file: TLS to the "
             "server is on only when the gateway can verify it"));
  }
  if (files.ca.empty()) return grpc::InsecureChannelCredentials();
  absl::StatusOr<tgauth::TlsPems> pems = tgauth::ReadTlsFiles(files);
  if (!pems.ok()) std::exit(Fail(absl::StrCat("TLS to the server: ", pems.status().message())));
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = pems->ca;
  options.pem_private_key = pems->private_key;
  options.pem_cert_chain = pems->certificate_chain;
  return grpc::SslCredentials(options);
}

}  // namespace

int main(int argc, char** argv) {
  tgauth::SkipMutexDeadlockChecks();
  tgauth::SendLibraryLogsToLog();
  tgauth::ParseFlagsWithEnvironment(argc, argv, "gateway/gateway_flags.cc", kUsage);
  const std::shared_ptr<grpc::ChannelCredentials> server_credentials = ServerChannelCredentials();
  tgauth::gateway::RouterOptions options{
      .webhook_secret = absl::GetFlag(FLAGS_webhook_secret),
      .cors_allowed_origins = absl::GetFlag(FLAGS_cors_allowed_origins),
      .client_address = {.trust_forwarded_for = absl::GetFlag(FLAGS_trust_forwarded_for),
                         .trusted_proxy_hops = absl::GetFlag(FLAGS_trusted_proxy_hops)},
      .site_url = absl::GetFlag(FLAGS_site_url),
      .insecure_session_cookie = absl::GetFlag(FLAGS_insecure_session_cookie),
      .park_long_polls = absl::GetFlag(FLAGS_park_long_polls),
  };
  // Both lists are compared byte for byte with origins: an entry that is
  // not one would silently never match.
  if (absl::Status valid = tgauth::gateway::ParseOriginList(options.cors_allowed_origins).status();
      !valid.ok()) {
    return Fail(absl::StrCat("--cors_allowed_origins: ", valid.message()));
  }
  absl::StatusOr<std::vector<std::string>> return_to_origins =
      tgauth::gateway::ParseOriginList(absl::GetFlag(FLAGS_return_to_origins));
  if (!return_to_origins.ok()) {
    return Fail(absl::StrCat("--return_to_origins: ", return_to_origins.status().message()));
  }
  options.return_to_origins = *std::move(return_to_origins);
  if (options.client_address.trusted_proxy_hops < 1) {
    return Fail("--trusted_proxy_hops must be at least 1");
  }
  absl::StatusOr<tgauth::gateway::HttpServerOptions> http_options = HttpOptionsFromFlags();
  if (!http_options.ok()) return Fail(http_options.status().message());
  // Without a secret anyone could post forged Telegram updates (fake scans).
  if (absl::Status valid = tgauth::ValidateWebhookSecret(options.webhook_secret); !valid.ok()) {
    return Fail(
        absl::StrCat("--webhook_secret (TGAUTH_WEBHOOK_SECRET) is required: ", valid.message()));
  }
  std::string gateway_token;
  if (const std::string file = absl::GetFlag(FLAGS_gateway_token_file); !file.empty()) {
    absl::StatusOr<std::string> token = tgauth::ReadTokenFile(file);
    if (!token.ok()) return Fail(absl::StrCat("--gateway_token_file: ", token.status().message()));
    gateway_token = *std::move(token);
  } else {
    tgauth::LogWarning(
        "no --gateway_token_file: tgauth-server will not trust the browser addresses and user "
        "agents this gateway relays, and limits every browser as this gateway's one address");
  }

  // Block the stop signals in every thread (gRPC's and the io thread inherit
  // this mask) so that only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::string server_address = absl::GetFlag(FLAGS_server_address);
  grpc::ChannelArguments channel_args;
  // Spread calls over every server replica the name resolves to (a headless
  // Kubernetes Service), and reconnect quickly after a replica restarts.
  channel_args.SetLoadBalancingPolicyName("round_robin");
  channel_args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  channel_args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // Response metadata up to 16 KiB, the same bound the server sets for
  // requests (server/app/server_app.cc), which is well above what the
  // gateway forwards (bearer_token.h's kMaxBearerTokenBytes).
  channel_args.SetInt(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
  if (const std::string name = absl::GetFlag(FLAGS_server_tls_name); !name.empty()) {
    channel_args.SetSslTargetNameOverride(name);
  }
  // Every call carries the gateway token, if there is one.
  auto interceptors = [&gateway_token] {
    std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> list;
    if (!gateway_token.empty())
      list.push_back(tgauth::gateway::GatewayTokenInterceptor(gateway_token));
    return list;
  };
  // Keepalive pings find a dead connection (a server replica gone without
  // closing it) between calls; the server permits them (server/app/
  // connection_lifetime.h) and ends connections past a maximum age, so this
  // channel reconnects and picks up new replicas.
  channel_args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20'000);
  channel_args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  channel_args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  std::shared_ptr<grpc::Channel> channel = grpc::experimental::CreateCustomChannelWithInterceptors(
      server_address, server_credentials, channel_args, interceptors());
  std::unique_ptr<tgauth::v1::AuthService::Stub> stub = tgauth::v1::AuthService::NewStub(channel);
  // Long polls (AwaitLogin) get connections of their own: gRPC sizes a new
  // call's memory from the calls that ended before it on the same
  // connection, in this process and in the server, and a parked poll holds
  // that memory for its whole wait. And no retries: they would keep a copy
  // of every poll's request and per-attempt state as long. A poll refused
  // while the server replaces a connection, or sent to a replica just
  // killed, is asked again a bounded number of times by the poll itself
  // (login_poll.h), holding only a parked waiter meanwhile; past those it
  // gets 503, which the login page retries (web/login.js).
  grpc::ChannelArguments long_poll_args = channel_args;
  long_poll_args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  std::unique_ptr<tgauth::v1::AuthService::Stub> long_poll_stub =
      tgauth::v1::AuthService::NewStub(grpc::experimental::CreateCustomChannelWithInterceptors(
          server_address, server_credentials, long_poll_args, interceptors()));
  options.long_poll_stub = long_poll_stub.get();
  std::unique_ptr<tgauth::v1::OAuthService::Stub> oauth_stub =
      tgauth::v1::OAuthService::NewStub(channel);
  options.oauth_stub = oauth_stub.get();
  std::unique_ptr<grpc::health::v1::Health::Stub> health =
      grpc::health::v1::Health::NewStub(channel);
  tgauth::Metrics metrics;
  tgauth::gateway::HttpMetrics http_metrics(metrics);
  options.metrics = &http_metrics;
  if (const std::string address = absl::GetFlag(FLAGS_metrics_address); !address.empty()) {
    if (absl::Status s = metrics.Serve(address); !s.ok()) return Fail(s.message());
    tgauth::LogInfo("tgauth-gateway metrics listening",
                    {{"address", address}, {"port", metrics.port()}, {"path", "/metrics"}});
  }
  tgauth::gateway::Router router(*stub, *health, std::move(options));
  const std::string listen_address = absl::GetFlag(FLAGS_listen_address);
  auto server = tgauth::gateway::HttpServer::Start(
      listen_address,
      [&router](tgauth::gateway::HttpRequest request, tgauth::gateway::Respond respond) {
        router.Handle(std::move(request), std::move(respond));
      },
      *http_options);
  if (!server.ok()) return Fail(std::string(server.status().message()));
  tgauth::LogInfo("tgauth-gateway listening", {{"address", listen_address},
                                               {"port", (*server)->port()},
                                               {"server_address", server_address}});

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  tgauth::LogInfo("draining requests in flight, then stopping", {{"signal", signal_number}});
  router.DrainLongPolls();
  (*server)->Shutdown();
  tgauth::LogInfo("tgauth-gateway stopped");
  return 0;
}
