// tgauth-server wired together: storage connections, domain objects and the
// gRPC server (AuthService, health, reflection). main.cc builds the config
// from flags; tests can start one in-process.
#ifndef TGAUTH_SERVER_APP_SERVER_APP_H_
#define TGAUTH_SERVER_APP_SERVER_APP_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/metrics/metrics.h"
#include "common/tls_files.h"
#include "server/events/outbox_relay.h"
#include "server/events/webhook_sender.h"
#include "server/qr_login/login_broker.h"
#include "server/session/address_limit.h"
#include "server/session/session_cleaner.h"
#include "server/session/session_issuer.h"
#include "server/signin/invite_codes.h"
#include "tgauth/v1/oauth.pb.h"
#include "tgauth/v1/webhooks.pb.h"

namespace tgauth {

// The sign-in methods besides the QR login (Login Widget, Mini App, login
// links, invite codes) and the admin API.
struct SignInConfig {
  // Mini App Ed25519 validation for this bot when no bot token is set; 0:
  // the bot token's numeric prefix. No token and no id: Mini App sign-in off.
  int64_t bot_id = 0;
  bool mini_app_test_environment = false;  // Telegram's test-environment key.
  // How old widget and Mini App auth_date may be; zero: no limit.
  absl::Duration max_age = absl::Hours(1);
  absl::Duration login_link_ttl = absl::Minutes(5);
  std::string login_link_payload = "web_auth";  // `/start <payload>` asks for a link.
  // Operators of AdminService: the contents of --operator_credentials_file
  // (server/rpc/operator_credentials.h) and the token of --admin_token_file
  // (operator "admin"). Neither: AdminService refuses every call.
  std::string operator_credentials;
  std::string admin_token;
  // Widget, Mini App and login-link attempts per client address and minute.
  int sign_ins_per_ip_per_minute = 30;
  InviteOptions invites;
  // The OAuth clients of --oauth_clients_file (server/oauth/configured_clients.h),
  // registered at start-up.
  v1::ConfiguredOAuthClientList oauth_clients;
};

// The domain event channels besides WatchEvents (server/events/).
struct EventChannelsConfig {
  // The Redis Stream's key (server/events/redis_stream_sink.h); empty: none.
  std::string stream = "tgauth:events";
  int64_t stream_max_len = 100000;  // Entries kept, about (XADD MAXLEN ~).
  // Signed HTTP webhooks (server/events/webhook_sender.h); no subscribers:
  // none are queued or sent.
  v1::WebhookSubscriberList webhook_subscribers;
  WebhookSenderOptions webhooks;
  // OpenID Connect Back-Channel Logout to the OAuth clients that registered
  // a backchannel_logout_uri (server/oauth/backchannel_logout_sink.h).
  WebhookSenderOptions backchannel_logout{.connect_timeout = absl::Seconds(3),
                                          .request_timeout = absl::Seconds(5)};
};

struct ServerConfig {
  std::string grpc_address = "127.0.0.1:50051";  // Port 0 picks a free port.
  // No certificate chain: plaintext. A chain and key: TLS only. Also a CA:
  // clients must present a certificate that chains to it (mutual TLS).
  TlsPems grpc_tls;
  std::string database_url;
  std::string redis_url;
  std::string redis_key_prefix = "tgauth:";
  std::string site_url;
  std::string issuer;
  std::string audience = "tgauth";
  // PEM P-256 keys, oldest first; the newest signs, all verify. Empty: an
  // ephemeral key is generated.
  std::vector<std::string> signing_key_pems;
  // The Bot API token: keys Login Widget and Mini App signatures, and
  // authorises outbound Bot API calls. Empty: the widget is off (the Mini
  // App may still use SignInConfig::bot_id) and no outbound calls are made
  // (server/bot/bot_api.h, NoBotApi): no edits of confirmation requests, no
  // sign-in notices.
  std::string bot_token;
  LoginOptions login;
  std::string bot_api_base_url = "https://api.telegram.org";
  bool sign_in_notices = true;  // Needs bot_token.
  SignInConfig sign_in;
  SessionLifetimes lifetimes;
  SignInLimit sign_in_limit;  // Per Telegram account, every sign-in method.
  // At least 32 secret bytes that derive rotated refresh tokens; the same on
  // every replica. Empty: an ephemeral key is generated.
  std::string refresh_token_key;
  absl::Duration refresh_token_grace_period = absl::Seconds(10);
  // Failed refreshes per client address and window (SessionRefresher).
  AddressLimitOptions failed_refreshes_per_ip = {.limit = 20, .window = absl::Minutes(10)};
  SessionCleanupOptions session_cleanup;
  RelayOptions event_relay;  // The outbox relay: polling and retention.
  EventChannelsConfig event_channels;
  // Telegram's setWebhook secret_token (common/webhook_secret.h), which
  // HandleTelegramUpdate requires; empty: every update is refused.
  std::string webhook_secret;
  // The token the gateway presents so the device facts it relays are
  // trusted (server/rpc/call_origin.h); empty: no caller is trusted.
  std::string gateway_token;
  int database_pool_size = 16;
  int redis_pool_size = 16;
  int max_queued_calls = 1000;  // Calls waiting for a worker thread (Executor).
  int max_polls_per_login = 8;  // AwaitLogin long polls on one login (LoginWaitList).
  // Shutdown(): how long in-flight calls may take before they are cancelled.
  absl::Duration shutdown_grace_period = absl::Seconds(20);
};

// Every part of a running server, wired by ServerApp::Start (server_app.cc).
struct ServerParts;

class ServerApp {
 public:
  // Connects to PostgreSQL (applying migrations) and Redis, then serves.
  // INVALID_ARGUMENT for a bad config (a one-line reason); UNAUTHENTICATED
  // if Redis refuses the URL's credentials; UNAVAILABLE if PostgreSQL,
  // Redis or the listen address cannot be reached.
  // Its metrics go to `metrics`, which must outlive the app.
  static absl::StatusOr<std::unique_ptr<ServerApp>> Start(const ServerConfig& config,
                                                          Metrics& metrics);

  ~ServerApp();  // Shuts down, giving in-flight calls a moment to finish.

  int port() const;
  // Blocks until Shutdown() is called from another thread.
  void Wait();
  // Drains, returning within ServerConfig::shutdown_grace_period (plus a
  // moment for the Bot API's last calls): health turns NOT_SERVING, new
  // calls are refused, parked AwaitLogin polls answer at once with their
  // current state (the browser polls again, perhaps another replica), and
  // in-flight calls finish or, at the end of the grace period, are
  // cancelled. Idempotent.
  void Shutdown();

 private:
  explicit ServerApp(std::unique_ptr<ServerParts> parts);
  std::unique_ptr<ServerParts> parts_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_APP_SERVER_APP_H_
