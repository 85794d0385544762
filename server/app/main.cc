// tgauth-server: the gRPC core. Flags (or TGAUTH_* variables) configure it;
// `tgauth-server --help` lists them.
#include <csignal>
#include <cstdlib>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/env_flags.h"
#include "common/library_logs.h"
#include "common/log.h"
#include "common/metrics/metrics.h"
#include "common/mutex_deadlock_checks.h"
#include "common/secret_file.h"
#include "common/shared_secret.h"
#include "common/tls_files.h"
#include "common/webhook_secret.h"
#include "server/app/server_app.h"
#include "server/app/server_flags.h"
#include "server/bot/telegram_names.h"
#include "server/events/webhook_subscribers.h"
#include "server/oauth/configured_clients.h"
#include "storage/redis/redis_client.h"

namespace {

// Fails start-up with one log line.
[[noreturn]] void Fail(absl::string_view message) {
  tgauth::LogError(absl::StrCat("tgauth-server: ", message));
  std::exit(1);
}

// Secrets come from files only others cannot read (common/secret_file.h).
std::string ReadSecretFileOrDie(absl::string_view flag, const std::string& path) {
  absl::StatusOr<std::string> contents = tgauth::ReadSecretFile(path);
  if (!contents.ok()) Fail(absl::StrCat("--", flag, ": ", contents.status().message()));
  return *std::move(contents);
}

// A token file of --admin_token_file or --gateway_token_file; "" if `path` is.
std::string ReadTokenFileOrDie(absl::string_view flag, const std::string& path) {
  if (path.empty()) return "";
  absl::StatusOr<std::string> token = tgauth::ReadTokenFile(path);
  if (!token.ok()) Fail(absl::StrCat("--", flag, ": ", token.status().message()));
  return *std::move(token);
}

// The Redis Stream and the webhooks (server/events/).
void ReadEventChannelFlags(tgauth::EventChannelsConfig& channels) {
  channels.stream = absl::GetFlag(FLAGS_event_stream);
  channels.stream_max_len = absl::GetFlag(FLAGS_event_stream_max_len);
  if (const std::string file = absl::GetFlag(FLAGS_event_webhook_subscribers_file); !file.empty()) {
    absl::StatusOr<tgauth::v1::WebhookSubscriberList> list = tgauth::ReadSubscribersFile(file);
    if (!list.ok()) {
      Fail(absl::StrCat("--event_webhook_subscribers_file: ", list.status().message()));
    }
    channels.webhook_subscribers = *std::move(list);
  }
  channels.webhooks.max_attempts = absl::GetFlag(FLAGS_event_webhook_max_attempts);
  channels.webhooks.request_timeout = absl::GetFlag(FLAGS_event_webhook_timeout);
  channels.webhooks.initial_backoff = absl::GetFlag(FLAGS_event_webhook_initial_backoff);
  channels.webhooks.max_backoff = absl::GetFlag(FLAGS_event_webhook_max_backoff);
  channels.webhooks.max_in_flight_per_subscriber = absl::GetFlag(FLAGS_event_webhook_max_in_flight);
}

// TLS on the gRPC port: a certificate with its key, and the CA that client
// certificates must chain to when they are required.
tgauth::TlsPems GrpcTlsFromFlags() {
  const tgauth::TlsFiles files{.certificate_chain = absl::GetFlag(FLAGS_grpc_tls_cert_file),
                               .private_key = absl::GetFlag(FLAGS_grpc_tls_key_file),
                               .ca = absl::GetFlag(FLAGS_grpc_client_ca_file)};
  if (files.certificate_chain.empty() != files.private_key.empty()) {
    Fail("--grpc_tls_cert_file and --grpc_tls_key_file go together: both for TLS, or neither");
  }
  if (!files.ca.empty() && files.certificate_chain.empty()) {
    Fail(
        "--grpc_client_ca_file needs --grpc_tls_cert_file and --grpc_tls_key_file: client "
        "certificates are checked in the TLS handshake");
  }
  absl::StatusOr<tgauth::TlsPems> pems = tgauth::ReadTlsFiles(files);
  if (!pems.ok()) Fail(absl::StrCat("gRPC TLS: ", pems.status().message()));
  return *std::move(pems);
}

tgauth::ServerConfig ConfigFromFlags() {
  tgauth::ServerConfig config;
  config.grpc_address = absl::GetFlag(FLAGS_grpc_address);
  config.grpc_tls = GrpcTlsFromFlags();
  config.database_url = absl::GetFlag(FLAGS_database_url);
  config.redis_url = absl::GetFlag(FLAGS_redis_url);
  config.redis_key_prefix = absl::GetFlag(FLAGS_redis_key_prefix);
  config.site_url = absl::GetFlag(FLAGS_site_url);
  config.issuer = absl::GetFlag(FLAGS_issuer);
  config.audience = absl::GetFlag(FLAGS_audience);
  for (const std::string& key_file : absl::GetFlag(FLAGS_signing_key_file)) {
    config.signing_key_pems.push_back(ReadSecretFileOrDie("signing_key_file", key_file));
  }
  config.bot_token = absl::GetFlag(FLAGS_bot_token);
  config.sign_in.bot_id = absl::GetFlag(FLAGS_bot_id);
  config.sign_in.mini_app_test_environment = absl::GetFlag(FLAGS_mini_app_test_environment);
  config.sign_in.max_age = absl::GetFlag(FLAGS_telegram_auth_max_age);
  config.sign_in.login_link_ttl = absl::GetFlag(FLAGS_login_link_ttl);
  config.sign_in.login_link_payload = absl::GetFlag(FLAGS_login_link_payload);
  config.sign_in.invites.attempts_per_hour = absl::GetFlag(FLAGS_invite_attempts_per_hour);
  config.sign_in.admin_token =
      ReadTokenFileOrDie("admin_token_file", absl::GetFlag(FLAGS_admin_token_file));
  if (const std::string path = absl::GetFlag(FLAGS_oauth_clients_file); !path.empty()) {
    absl::StatusOr<tgauth::v1::ConfiguredOAuthClientList> clients =
        tgauth::ReadConfiguredClientsFile(path);
    if (!clients.ok()) Fail(absl::StrCat("--oauth_clients_file: ", clients.status().message()));
    config.sign_in.oauth_clients = *std::move(clients);
  }
  if (const std::string path = absl::GetFlag(FLAGS_operator_credentials_file); !path.empty()) {
    config.sign_in.operator_credentials = ReadSecretFileOrDie("operator_credentials_file", path);
  }
  config.gateway_token =
      ReadTokenFileOrDie("gateway_token_file", absl::GetFlag(FLAGS_gateway_token_file));
  config.webhook_secret = absl::GetFlag(FLAGS_webhook_secret);
  config.login.bot_username = absl::GetFlag(FLAGS_bot_username);
  config.login.ttl = absl::GetFlag(FLAGS_login_ttl);
  config.login.expired_retention = absl::GetFlag(FLAGS_expired_login_retention);
  config.login.poll_interval = absl::GetFlag(FLAGS_poll_interval);
  config.login.logins_per_ip_per_minute = absl::GetFlag(FLAGS_logins_per_ip_per_minute);
  config.sign_in.sign_ins_per_ip_per_minute = absl::GetFlag(FLAGS_sign_ins_per_ip_per_minute);
  config.failed_refreshes_per_ip = {.limit = absl::GetFlag(FLAGS_failed_refreshes_per_ip),
                                    .window = absl::GetFlag(FLAGS_failed_refresh_window)};
  config.sign_in_limit = {.sign_ins = absl::GetFlag(FLAGS_sign_ins_per_user),
                          .window = absl::GetFlag(FLAGS_sign_ins_per_user_window)};
  config.login.confirm_in_bot = absl::GetFlag(FLAGS_login_confirmation);
  config.login.match_code = absl::GetFlag(FLAGS_login_match_code);
  config.bot_api_base_url = absl::GetFlag(FLAGS_bot_api_base_url);
  config.sign_in_notices = absl::GetFlag(FLAGS_sign_in_notices);
  config.lifetimes.access_token = absl::GetFlag(FLAGS_access_token_ttl);
  config.lifetimes.refresh_token_idle = absl::GetFlag(FLAGS_refresh_token_idle_ttl);
  config.lifetimes.session = absl::GetFlag(FLAGS_session_lifetime);
  if (const std::string key_file = absl::GetFlag(FLAGS_refresh_token_key_file); !key_file.empty()) {
    config.refresh_token_key = ReadSecretFileOrDie("refresh_token_key_file", key_file);
  }
  config.refresh_token_grace_period = absl::GetFlag(FLAGS_refresh_token_grace_period);
  config.session_cleanup.interval = absl::GetFlag(FLAGS_session_cleanup_interval);
  config.session_cleanup.ended_session_retention = absl::GetFlag(FLAGS_ended_session_retention);
  config.event_relay.retention = absl::GetFlag(FLAGS_event_retention);
  config.event_relay.poll_interval = absl::GetFlag(FLAGS_event_relay_poll_interval);
  config.database_pool_size = absl::GetFlag(FLAGS_database_pool_size);
  config.redis_pool_size = absl::GetFlag(FLAGS_redis_pool_size);
  config.max_queued_calls = absl::GetFlag(FLAGS_max_queued_calls);
  config.max_polls_per_login = absl::GetFlag(FLAGS_max_polls_per_login);
  config.shutdown_grace_period = absl::GetFlag(FLAGS_shutdown_grace_period);
  ReadEventChannelFlags(config.event_channels);

  if (!tgauth::IsValidBotUsername(config.login.bot_username)) {
    Fail("--bot_username must be a Telegram bot username (5-32 of A-Za-z0-9_, ending in 'bot')");
  }
  // Without it anyone who reaches the gRPC port could post updates as any
  // Telegram user.
  if (absl::Status valid = tgauth::ValidateWebhookSecret(config.webhook_secret); !valid.ok()) {
    Fail(absl::StrCat("--webhook_secret (TGAUTH_WEBHOOK_SECRET) is required: ", valid.message()));
  }
  if (config.database_url.empty()) {
    Fail("--database_url (TGAUTH_DATABASE_URL) is required: a postgresql:// URL");
  }
  if (config.redis_url.empty()) {
    Fail("--redis_url (TGAUTH_REDIS_URL) is required: a redis://host:port/db URL");
  }
  if (absl::Status url = tgauth::storage::ParseRedisUrl(config.redis_url).status(); !url.ok()) {
    Fail(absl::StrCat("--redis_url: ", url.message()));
  }
  if (const std::string token = absl::GetFlag(FLAGS_bot_token);
      !token.empty() && !tgauth::IsValidBotToken(token)) {
    Fail("--bot_token does not look like a Bot API token (<bot id>:<secret>)");
  }
  if (!absl::StartsWith(config.bot_api_base_url, "http://") &&
      !absl::StartsWith(config.bot_api_base_url, "https://")) {
    Fail("--bot_api_base_url must be an http:// or https:// URL");
  }
  if (config.login.match_code && !config.login.confirm_in_bot) {
    Fail("--login_match_code needs --login_confirmation (the codes are picked in that step)");
  }
  if (config.sign_in.bot_id < 0) Fail("--bot_id must be a bot's numeric id (or 0)");
  if (config.sign_in.max_age < absl::ZeroDuration()) {
    Fail("--telegram_auth_max_age must be 0 (no limit) or more");
  }
  if (config.sign_in.login_link_ttl < absl::Seconds(10) ||
      config.sign_in.login_link_ttl > absl::Hours(1)) {
    Fail("--login_link_ttl must be between 10s and 1h");
  }
  if (!tgauth::IsValidStartPayload(config.sign_in.login_link_payload)) {
    Fail("--login_link_payload must be 1-64 of A-Za-z0-9_- (a Telegram start parameter)");
  }
  if (config.sign_in.invites.attempts_per_hour < 0) {
    Fail("--invite_attempts_per_hour must be 0 (no limit) or more");
  }
  if (!absl::StartsWith(config.site_url, "http://") &&
      !absl::StartsWith(config.site_url, "https://")) {
    Fail("--site_url must be an http:// or https:// URL");
  }
  if (config.login.ttl < absl::Seconds(1) || config.login.ttl > absl::Hours(1)) {
    Fail("--login_ttl must be between 1s and 1h");
  }
  if (config.login.expired_retention < absl::ZeroDuration() ||
      config.login.expired_retention > absl::Hours(24)) {
    Fail("--expired_login_retention must be between 0s and 24h");
  }
  if (config.login.poll_interval < absl::Seconds(1)) {
    Fail("--poll_interval must be at least 1s (clients get whole seconds)");
  }
  if (config.lifetimes.access_token < absl::Minutes(1) ||
      config.lifetimes.refresh_token_idle <= absl::ZeroDuration() ||
      config.lifetimes.session < config.lifetimes.access_token) {
    Fail(
        "token lifetimes must satisfy 1m <= --access_token_ttl <= --session_lifetime and "
        "--refresh_token_idle_ttl > 0");
  }
  if (config.refresh_token_grace_period < absl::ZeroDuration() ||
      config.refresh_token_grace_period > absl::Minutes(5)) {
    Fail("--refresh_token_grace_period must be between 0s and 5m");
  }
  if (config.event_relay.retention < absl::Minutes(1))
    Fail("--event_retention must be at least 1m");
  if (config.event_relay.poll_interval < absl::Milliseconds(1) ||
      config.event_relay.poll_interval > absl::Seconds(10)) {
    Fail("--event_relay_poll_interval must be between 1ms and 10s");
  }
  if (config.session_cleanup.interval < absl::Seconds(1)) {
    Fail("--session_cleanup_interval must be at least 1s");
  }
  // A replica starting up reads the revocations of the last access token
  // lifetime (plus a minute) from the sessions table: they must still be
  // there, or it would accept tokens of sessions revoked in that time.
  if (config.session_cleanup.ended_session_retention <
      config.lifetimes.access_token + absl::Minutes(1)) {
    Fail("--ended_session_retention must be at least --access_token_ttl plus 1m");
  }
  if (config.login.logins_per_ip_per_minute < 0 || config.sign_in.sign_ins_per_ip_per_minute < 0 ||
      config.failed_refreshes_per_ip.limit < 0) {
    Fail(
        "--logins_per_ip_per_minute, --sign_ins_per_ip_per_minute and --failed_refreshes_per_ip "
        "must be 0 (no limit) or more");
  }
  if (config.failed_refreshes_per_ip.window <= absl::ZeroDuration()) {
    Fail("--failed_refresh_window must be positive");
  }
  if (config.sign_in_limit.sign_ins < 0 || config.sign_in_limit.window <= absl::ZeroDuration()) {
    Fail("--sign_ins_per_user must be 0 (no limit) or more, over a positive window");
  }
  if (config.database_pool_size < 1 || config.redis_pool_size < 1) {
    Fail("--database_pool_size and --redis_pool_size must be at least 1");
  }
  if (config.max_queued_calls < 1 || config.max_polls_per_login < 1) {
    Fail("--max_queued_calls and --max_polls_per_login must be at least 1");
  }
  if (config.shutdown_grace_period < absl::Seconds(1) ||
      config.shutdown_grace_period > absl::Minutes(10)) {
    Fail("--shutdown_grace_period must be between 1s and 10m");
  }
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  tgauth::SkipMutexDeadlockChecks();
  tgauth::SendLibraryLogsToLog();
  tgauth::ParseFlagsWithEnvironment(
      argc, argv, "server/app/server_flags.cc",
      "tgauth-server: sign-in with Telegram, sessions and tokens over gRPC "
      "(tgauth.v1.AuthService, health, reflection).");
  const tgauth::ServerConfig config = ConfigFromFlags();

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  tgauth::Metrics metrics;  // Outlives the app, which reports to it.
  absl::StatusOr<std::unique_ptr<tgauth::ServerApp>> app =
      tgauth::ServerApp::Start(config, metrics);
  if (!app.ok()) Fail(app.status().message());
  if (const std::string address = absl::GetFlag(FLAGS_metrics_address); !address.empty()) {
    if (absl::Status s = metrics.Serve(address); !s.ok()) Fail(s.message());
    tgauth::LogInfo("tgauth-server metrics listening",
                    {{"address", address}, {"port", metrics.port()}, {"path", "/metrics"}});
  }
  const char* transport = "plaintext";
  if (!config.grpc_tls.certificate_chain.empty()) {
    transport = config.grpc_tls.ca.empty() ? "TLS" : "mutual TLS, client certificates required";
  }
  tgauth::LogInfo("tgauth-server listening (gRPC; health and reflection enabled)",
                  {{"address", config.grpc_address}, {"transport", transport}});

  std::thread stopper([&app, &stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    tgauth::LogInfo("shutting down", {{"signal", signal}});
    (*app)->Shutdown();
  });
  (*app)->Wait();
  stopper.join();
  return 0;
}
