#include "server/app/server_app.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/health_monitor.h"
#include "common/log.h"
#include "common/login_wait_list.h"
#include "common/metrics/sampled_metrics.h"
#include "common/real_clock.h"
#include "common/shared_secret.h"
#include "grpc/health/v1/health.pb.h"
#include "server/app/connection_lifetime.h"
#include "server/app/metrics/domain_metrics.h"
#include "server/app/metrics/relay_metrics.h"
#include "server/app/metrics/rpc_metrics.h"
#include "server/app/metrics/server_samples.h"
#include "server/app/metrics/store_metrics.h"
#include "server/app/serving_health.h"
#include "server/bot/bot_api_client.h"
#include "server/bot/sign_in_notifier.h"
#include "server/bot/telegram_bot.h"
#include "server/events/redis_stream_sink.h"
#include "server/events/webhook_dead_letters.h"
#include "server/events/webhook_sender.h"
#include "server/events/webhook_sink.h"
#include "server/events/webhook_subscribers.h"
#include "server/oauth/authorization_endpoint.h"
#include "server/oauth/backchannel_logout_channel.h"
#include "server/oauth/backchannel_logout_sink.h"
#include "server/oauth/client_administration.h"
#include "server/oauth/client_registry.h"
#include "server/oauth/configured_clients.h"
#include "server/oauth/discovery_document.h"
#include "server/oauth/end_session_endpoint.h"
#include "server/oauth/token_endpoint.h"
#include "server/oauth/token_introspection.h"
#include "server/oauth/token_revocation.h"
#include "server/oauth/user_info.h"
#include "server/qr_login/login_change_feed.h"
#include "server/qr_login/login_conversation.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/auth_service.h"
#include "server/rpc/event_service.h"
#include "server/rpc/executor.h"
#include "server/rpc/oauth_service.h"
#include "server/rpc/rpc_access_log.h"
#include "server/session/blocked_accounts.h"
#include "server/session/revocation_feed.h"
#include "server/session/rotation_key.h"
#include "server/session/session_manager.h"
#include "server/session/session_refresher.h"
#include "server/session/user_directory.h"
#include "server/signin/invite_command.h"
#include "server/signin/login_link_command.h"
#include "server/signin/telegram_sign_in.h"
#include "server/token/access_token_signer.h"
#include "server/token/key_ring.h"
#include "server/token/logout_token_signer.h"
#include "server/token/revoked_sessions.h"
#include "server/token/signing_key.h"
#include "storage/postgres/postgres_database.h"
#include "storage/postgres/postgres_event_listener.h"
#include "storage/postgres/postgres_event_outbox.h"
#include "storage/postgres/postgres_event_recorder.h"
#include "storage/postgres/postgres_invite_store.h"
#include "storage/postgres/postgres_oauth_client_store.h"
#include "storage/postgres/postgres_session_revocation_log.h"
#include "storage/postgres/postgres_session_store.h"
#include "storage/postgres/postgres_user_admin_store.h"
#include "storage/postgres/postgres_user_store.h"
#include "storage/postgres/postgres_webhook_delivery_store.h"
#include "storage/redis/redis_authorization_code_store.h"
#include "storage/redis/redis_authorization_request_store.h"
#include "storage/redis/redis_client.h"
#include "storage/redis/redis_event_stream.h"
#include "storage/redis/redis_login_events.h"
#include "storage/redis/redis_login_link_store.h"
#include "storage/redis/redis_pending_login_store.h"
#include "storage/redis/redis_rate_limiter.h"
#include "storage/redis/redis_signed_data_ledger.h"
#include "storage/redis/redis_update_ledger.h"

namespace tgauth {

// Declared in dependency order, so members are destroyed in reverse: the
// gRPC server stops before anything it calls into goes away.
struct ServerParts {
  explicit ServerParts(Metrics& metrics)
      : metrics(metrics), domain_metrics(metrics), store_metrics(metrics), relay_metrics(metrics) {}

  // Where the parts report (WireMetrics); the listeners outlive what they hear.
  Metrics& metrics;
  DomainMetrics domain_metrics;
  StoreMetrics store_metrics;
  RelayMetrics relay_metrics;
  std::unique_ptr<RpcMetrics> rpc_metrics;  // Its interceptors outlive `server`.

  RealClock clock;
  // A RealClock runs its timers on one thread. The revocation feed and the
  // session cleaner block on PostgreSQL, so each polls on a clock of its own:
  // a slow cleanup pass must not delay the feed (validation fails closed
  // after AccessTokenValidator::kMaxRevocationStaleness) or long-poll
  // deadlines on `clock`.
  RealClock revocation_clock;
  RealClock cleanup_clock;
  RealClock health_clock;  // Its checks wait up to their timeouts.

  // Stores (ConnectStores).
  std::unique_ptr<storage::PostgresDatabase> database;
  std::unique_ptr<storage::PostgresDatabase> revocation_database;  // Its own connection.
  // The outbox relay's own connection: it holds the relay lock.
  std::unique_ptr<storage::PostgresDatabase> relay_database;
  std::unique_ptr<storage::RedisClient> redis;
  std::unique_ptr<storage::PostgresUserStore> users;
  std::unique_ptr<storage::PostgresUserAdminStore> user_admin_store;
  std::unique_ptr<storage::PostgresSessionStore> sessions;
  std::unique_ptr<storage::PostgresSessionRevocationLog> revocation_log;
  std::unique_ptr<storage::PostgresInviteStore> invite_store;
  std::unique_ptr<storage::PostgresOAuthClientStore> oauth_client_store;
  std::unique_ptr<storage::RedisPendingLoginStore> logins;
  std::unique_ptr<storage::RedisAuthorizationRequestStore> authorization_requests;
  std::unique_ptr<storage::RedisAuthorizationCodeStore> authorization_codes;
  std::unique_ptr<storage::RedisLoginLinkStore> login_link_store;
  std::unique_ptr<storage::RedisUpdateLedger> ledger;
  std::unique_ptr<storage::RedisRateLimiter> limiter;
  std::unique_ptr<storage::RedisSignedDataLedger> used_data;
  std::unique_ptr<storage::PostgresEventOutbox> event_outbox;
  std::unique_ptr<storage::PostgresEventRecorder> event_recorder;
  std::unique_ptr<storage::PostgresEventListener> event_listener;

  // Access tokens (WireTokens); the back-channel logout sender signs with
  // the keys.
  std::unique_ptr<KeyRing> keys;
  std::unique_ptr<AccessTokenSigner> signer;
  RevokedSessions revoked;
  std::unique_ptr<RevocationFeed> revocation_feed;
  std::unique_ptr<AccessTokenValidator> validator;
  v1::OpenIdConfiguration openid_configuration;

  // The domain event channels (WireEventChannels): the Redis Stream, and
  // the webhook queue with its sender and dead-letter list. Declared before
  // the relay, which delivers to them, so they outlive its thread.
  std::unique_ptr<storage::RedisEventStream> event_stream;
  std::unique_ptr<RedisStreamSink> stream_sink;  // With a stream configured.
  std::unique_ptr<storage::PostgresWebhookDeliveryStore> webhook_deliveries;
  std::vector<Subscriber> webhook_subscribers;
  std::unique_ptr<WebhookSender> webhook_sender;  // With subscribers.
  std::unique_ptr<WebhookSink> webhook_sink;      // With subscribers.
  std::unique_ptr<WebhookDeadLetters> dead_letters;
  // Logout tokens for OAuth clients, through the same queue.
  std::unique_ptr<LogoutTokenSigner> logout_token_signer;
  std::unique_ptr<WebhookSender> backchannel_sender;
  std::unique_ptr<BackchannelLogoutSink> backchannel_sink;

  // Domain events (WireEvents): the relay numbers and delivers; the feed
  // wakes this replica's WatchEvents streams.
  std::unique_ptr<OutboxRelay> relay;
  std::unique_ptr<EventFeed> event_feed;

  // Users and sessions (WireSessions).
  std::unique_ptr<UserDirectory> directory;
  std::unique_ptr<SessionIssuer> issuer;
  std::unique_ptr<RotationKey> rotation_key;
  std::unique_ptr<SessionRefresher> refresher;
  std::unique_ptr<SessionManager> session_manager;
  std::unique_ptr<SessionCleaner> cleaner;  // Its timer deletes from `sessions`.
  // Its timer reloads from `user_admin_store`; the bot asks it.
  std::unique_ptr<BlockedAccounts> blocked_accounts;
  std::unique_ptr<UserAdministration> user_administration;

  // The outbound Bot API and what uses it (WireBotApi).
  std::unique_ptr<BotApi> bot_api;
  BotApiClient* bot_api_client = nullptr;    // `bot_api` when a bot token is set.
  std::unique_ptr<SignInNotifier> notifier;  // With a token and notices on.

  // The QR login (WireQrLogin).
  std::unique_ptr<LoginWaitList> waiters;
  std::unique_ptr<LoginChangeFeed> login_changes;     // WatchLoginChanges streams.
  std::unique_ptr<storage::RedisLoginEvents> events;  // Its thread notifies both.
  std::unique_ptr<LoginBroker> broker;
  std::unique_ptr<LoginConversation> conversation;

  // The other sign-in methods (WireSignIn).
  std::unique_ptr<MiniAppVerifier> mini_app;
  std::unique_ptr<LoginLinks> login_links;
  std::unique_ptr<TelegramSignIn> sign_in;
  std::unique_ptr<InviteCodes> invites;
  std::unique_ptr<OAuthClientAdministration> oauth_clients;
  // tgauth as an OpenID Provider (WireSignIn).
  std::unique_ptr<ClientRegistry> client_registry;
  std::unique_ptr<IdTokenSigner> id_token_signer;
  std::unique_ptr<AuthorizationEndpoint> authorization_endpoint;
  std::unique_ptr<TokenEndpoint> token_endpoint;
  std::unique_ptr<UserInfoEndpoint> user_info;
  std::unique_ptr<TokenRevocation> token_revocation;
  std::unique_ptr<EndSessionEndpoint> end_session;
  std::unique_ptr<TokenIntrospection> token_introspection;
  std::unique_ptr<LoginLinkCommand> login_link_command;
  std::unique_ptr<InviteCommand> invite_command;

  // The bot's dispatch to all of the above (WireBot).
  std::unique_ptr<TelegramBot> bot;

  // The gRPC server (Serve).
  std::unique_ptr<Executor> executor;
  std::unique_ptr<AuthServiceImpl> service;
  OperatorCredentials operators;
  SharedSecret webhook_secret;
  SharedSecret gateway_token;
  std::unique_ptr<AdminServiceImpl> admin_service;
  std::unique_ptr<EventServiceImpl> event_service;
  std::unique_ptr<OAuthServiceImpl> oauth_service;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<HealthMonitor> health;  // Sets `server`'s health statuses.
  int port = 0;
  absl::Duration shutdown_grace_period;
  bool shut_down = false;

  // Values read at scrape time from the parts above: last, so it is
  // detached before any of them goes away.
  SampledMetrics sampled;
};

namespace {

// Outbound Bot API calls need the bot token; without one they are dropped.
absl::StatusOr<std::unique_ptr<BotApi>> MakeBotApi(const ServerConfig& config, const Clock& clock,
                                                   BotApiClient** client) {
  if (config.bot_token.empty()) {
    LogWarning(
        "no bot token configured: the bot answers through the webhook only (no edits of "
        "confirmation requests, no sign-in notices)");
    return std::make_unique<NoBotApi>();
  }
  absl::StatusOr<std::unique_ptr<BotApiClient>> made =
      BotApiClient::Create({.base_url = config.bot_api_base_url, .token = config.bot_token}, clock);
  if (!made.ok()) return made.status();
  if (absl::Status s = (*made)->Start(); !s.ok()) return s;
  *client = made->get();
  return std::unique_ptr<BotApi>(*std::move(made));
}

absl::StatusOr<std::unique_ptr<KeyRing>> LoadKeys(const std::vector<std::string>& pems) {
  std::vector<std::unique_ptr<SigningKey>> keys;
  for (const std::string& pem : pems) {
    absl::StatusOr<std::unique_ptr<SigningKey>> key = SigningKey::FromPem(pem);
    if (!key.ok()) return key.status();
    keys.push_back(*std::move(key));
  }
  if (keys.empty()) {
    LogWarning(
        "no signing key configured: using an ephemeral key (tokens will not verify "
        "after a restart or on other replicas)");
    absl::StatusOr<std::unique_ptr<SigningKey>> key = SigningKey::Generate();
    if (!key.ok()) return key.status();
    keys.push_back(*std::move(key));
  }
  return KeyRing::Create(std::move(keys));
}

absl::StatusOr<std::unique_ptr<RotationKey>> LoadRotationKey(const std::string& bytes) {
  if (!bytes.empty()) return RotationKey::FromBytes(bytes);
  LogWarning(
      "no refresh token key configured: using an ephemeral key (a refresh token replayed "
      "within the grace period is refused after a restart or on other replicas)");
  return RotationKey::Generate();
}

absl::Status ConnectStores(const ServerConfig& config, ServerParts& p) {
  absl::StatusOr<std::unique_ptr<storage::PostgresDatabase>> database =
      storage::PostgresDatabase::Connect(config.database_url, config.database_pool_size);
  if (!database.ok()) return database.status();
  p.database = *std::move(database);
  p.database->SetObserver(p.store_metrics);
  if (absl::Status s = p.database->Migrate(); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<storage::PostgresDatabase>> revocation_database =
      storage::PostgresDatabase::Connect(config.database_url, 1);
  if (!revocation_database.ok()) return revocation_database.status();
  p.revocation_database = *std::move(revocation_database);
  p.revocation_database->SetObserver(p.store_metrics);
  absl::StatusOr<std::unique_ptr<storage::RedisClient>> redis =
      storage::RedisClient::Connect(config.redis_url, config.redis_pool_size, absl::Seconds(2));
  if (!redis.ok()) return redis.status();
  p.redis = *std::move(redis);
  p.redis->SetObserver(p.store_metrics);

  p.users = std::make_unique<storage::PostgresUserStore>(*p.database);
  p.user_admin_store = std::make_unique<storage::PostgresUserAdminStore>(*p.database);
  p.sessions = std::make_unique<storage::PostgresSessionStore>(*p.database);
  p.revocation_log =
      std::make_unique<storage::PostgresSessionRevocationLog>(*p.revocation_database);
  p.invite_store = std::make_unique<storage::PostgresInviteStore>(*p.database);
  p.oauth_client_store = std::make_unique<storage::PostgresOAuthClientStore>(*p.database);
  const std::string& prefix = config.redis_key_prefix;
  p.logins = std::make_unique<storage::RedisPendingLoginStore>(*p.redis, prefix);
  p.login_link_store = std::make_unique<storage::RedisLoginLinkStore>(*p.redis, prefix);
  p.authorization_requests =
      std::make_unique<storage::RedisAuthorizationRequestStore>(*p.redis, prefix);
  p.authorization_codes = std::make_unique<storage::RedisAuthorizationCodeStore>(*p.redis, prefix);
  p.ledger = std::make_unique<storage::RedisUpdateLedger>(*p.redis, prefix);
  p.limiter = std::make_unique<storage::RedisRateLimiter>(*p.redis, prefix);
  p.used_data = std::make_unique<storage::RedisSignedDataLedger>(*p.redis, prefix);
  absl::StatusOr<std::unique_ptr<storage::PostgresDatabase>> relay_database =
      storage::PostgresDatabase::Connect(config.database_url, 1);
  if (!relay_database.ok()) return relay_database.status();
  p.relay_database = *std::move(relay_database);
  p.relay_database->SetObserver(p.store_metrics);
  p.event_outbox = std::make_unique<storage::PostgresEventOutbox>(*p.database, *p.relay_database);
  p.event_recorder = std::make_unique<storage::PostgresEventRecorder>(*p.database);
  p.event_listener = std::make_unique<storage::PostgresEventListener>(config.database_url);
  return absl::OkStatus();
}

absl::Status WireEvents(const ServerConfig& config, ServerParts& p) {
  p.event_feed = std::make_unique<EventFeed>(*p.event_listener);
  if (absl::Status s = p.event_feed->Start(); !s.ok()) return s;
  // The channels WireEventChannels configured; each is optional.
  std::vector<EventSink*> sinks;
  for (EventSink* sink :
       {static_cast<EventSink*>(p.stream_sink.get()), static_cast<EventSink*>(p.webhook_sink.get()),
        static_cast<EventSink*>(p.backchannel_sink.get())}) {
    if (sink != nullptr) sinks.push_back(sink);
  }
  p.relay = std::make_unique<OutboxRelay>(config.event_relay, *p.event_outbox, std::move(sinks),
                                          p.clock, p.relay_metrics);
  return p.relay->Start();
}

absl::Status WireTokens(const ServerConfig& config, ServerParts& p) {
  absl::StatusOr<std::unique_ptr<KeyRing>> keys = LoadKeys(config.signing_key_pems);
  if (!keys.ok()) return keys.status();
  p.keys = *std::move(keys);
  const std::string issuer = config.issuer.empty() ? config.site_url : config.issuer;
  p.signer = std::make_unique<AccessTokenSigner>(issuer, config.audience, p.keys->signing_key());
  p.revocation_feed = std::make_unique<RevocationFeed>(
      RevocationFeedOptions{.remember_for = config.lifetimes.access_token + absl::Minutes(1)},
      *p.revocation_log, p.revoked, p.revocation_clock);
  if (absl::Status s = p.revocation_feed->Start(); !s.ok()) return s;
  p.validator =
      std::make_unique<AccessTokenValidator>(issuer, config.audience, *p.keys, p.revoked, p.clock);
  p.openid_configuration = DiscoveryDocument(issuer, config.site_url);
  return absl::OkStatus();
}

absl::Status WireSessions(const ServerConfig& config, ServerParts& p) {
  p.directory = std::make_unique<UserDirectory>(*p.users, p.clock);
  absl::StatusOr<std::unique_ptr<RotationKey>> rotation_key =
      LoadRotationKey(config.refresh_token_key);
  if (!rotation_key.ok()) return rotation_key.status();
  p.rotation_key = *std::move(rotation_key);
  p.issuer = std::make_unique<SessionIssuer>(config.lifetimes, *p.sessions, *p.users,
                                             *p.rotation_key, *p.signer, p.clock);
  p.issuer->LimitPerUser(*p.limiter, config.sign_in_limit);
  p.issuer->AddListener(p.domain_metrics);
  p.refresher = std::make_unique<SessionRefresher>(
      RefreshOptions{.lifetimes = config.lifetimes,
                     .grace_period = config.refresh_token_grace_period,
                     .failures_per_ip = config.failed_refreshes_per_ip},
      *p.sessions, *p.rotation_key, *p.signer, p.revoked, *p.limiter, p.clock);
  p.refresher->AddRefreshListener(p.domain_metrics);
  p.refresher->AddRevocationListener(p.domain_metrics);
  p.session_manager =
      std::make_unique<SessionManager>(*p.sessions, p.revoked, config.lifetimes.access_token,
                                       *p.limiter, config.failed_refreshes_per_ip, p.clock);
  p.session_manager->AddListener(p.domain_metrics);
  p.cleaner =
      std::make_unique<SessionCleaner>(config.session_cleanup, *p.sessions, p.cleanup_clock);
  p.user_administration =
      std::make_unique<UserAdministration>(*p.users, *p.user_admin_store, *p.sessions, p.clock);
  p.user_administration->ForgetInRedis(*p.limiter);
  // Reloads block on PostgreSQL: on the cleaner's clock, not `clock`.
  p.blocked_accounts = std::make_unique<BlockedAccounts>(BlockedAccountsOptions{},
                                                         *p.user_admin_store, p.cleanup_clock);
  p.user_administration->KeepCurrent(*p.blocked_accounts);
  return p.blocked_accounts->Start();
}

absl::Status WireBotApi(const ServerConfig& config, ServerParts& p) {
  absl::StatusOr<std::unique_ptr<BotApi>> bot_api = MakeBotApi(config, p.clock, &p.bot_api_client);
  if (!bot_api.ok()) return bot_api.status();
  p.bot_api = *std::move(bot_api);
  if (p.bot_api_client != nullptr && config.sign_in_notices) {
    p.notifier = std::make_unique<SignInNotifier>(
        config.site_url, *p.bot_api,
        SignInNotifier::RevokeAsTelegramUser(*p.directory, *p.session_manager), p.clock);
    p.issuer->AddListener(*p.notifier);
  }
  return absl::OkStatus();
}

absl::Status WireQrLogin(const ServerConfig& config, ServerParts& p) {
  p.waiters = std::make_unique<LoginWaitList>(p.clock, config.max_polls_per_login);
  p.login_changes = std::make_unique<LoginChangeFeed>();
  p.events = std::make_unique<storage::RedisLoginEvents>(*p.redis, config.redis_key_prefix);
  p.broker = std::make_unique<LoginBroker>(config.login, *p.logins, *p.limiter, *p.issuer, p.clock);
  p.broker->AddListener(p.domain_metrics);
  p.broker->RecordDenialsIn(*p.event_recorder);
  p.conversation = std::make_unique<LoginConversation>(config.site_url, *p.broker, *p.bot_api);
  LoginWaitList* waiters = p.waiters.get();
  LoginChangeFeed* login_changes = p.login_changes.get();
  return p.events->Subscribe([waiters, login_changes](absl::string_view key) {
    waiters->Notify(key);
    login_changes->Notify(key);
  });
}

absl::Status WireSignIn(const ServerConfig& config, ServerParts& p) {
  absl::StatusOr<std::unique_ptr<MiniAppVerifier>> mini_app =
      MiniAppVerifier::Create(MiniAppOptionsFor(config.bot_token, config.sign_in.bot_id,
                                                config.sign_in.mini_app_test_environment));
  if (!mini_app.ok()) return mini_app.status();
  p.mini_app = *std::move(mini_app);
  p.login_links = std::make_unique<LoginLinks>(
      LoginLinkOptions{.site_url = config.site_url, .ttl = config.sign_in.login_link_ttl},
      *p.login_link_store, p.clock);
  p.sign_in = std::make_unique<TelegramSignIn>(
      TelegramSignInOptions{.bot_token = config.bot_token,
                            .max_age = config.sign_in.max_age,
                            .per_ip = {.limit = config.sign_in.sign_ins_per_ip_per_minute,
                                       .window = absl::Minutes(1)}},
      *p.mini_app, *p.login_links, *p.issuer, *p.limiter, *p.used_data, p.clock);
  p.invites = std::make_unique<InviteCodes>(config.sign_in.invites, *p.invite_store, *p.directory,
                                            *p.limiter, p.clock);
  p.login_link_command = std::make_unique<LoginLinkCommand>(*p.login_links);
  p.invite_command = std::make_unique<InviteCommand>(*p.invites, *p.login_links);
  p.oauth_clients = std::make_unique<OAuthClientAdministration>(*p.oauth_client_store, p.clock);
  if (absl::Status s =
          RegisterConfiguredClients(config.sign_in.oauth_clients, *p.oauth_client_store, p.clock);
      !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("--oauth_clients_file: ", s.message()));
  }
  p.client_registry = std::make_unique<ClientRegistry>(*p.oauth_client_store);
  const std::string& issuer = p.openid_configuration.issuer();
  p.id_token_signer = std::make_unique<IdTokenSigner>(issuer, p.keys->signing_key());
  p.authorization_endpoint =
      std::make_unique<AuthorizationEndpoint>(issuer, *p.client_registry, *p.authorization_requests,
                                              *p.authorization_codes, *p.sessions, p.clock);
  p.token_endpoint = std::make_unique<TokenEndpoint>(
      *p.client_registry, *p.authorization_codes, *p.issuer, *p.refresher, *p.session_manager,
      *p.directory, *p.id_token_signer, config.lifetimes.access_token, p.clock);
  p.user_info = std::make_unique<UserInfoEndpoint>(*p.sessions, *p.directory);
  p.token_revocation = std::make_unique<TokenRevocation>(*p.client_registry, *p.sessions,
                                                         *p.session_manager, *p.validator);
  p.end_session = std::make_unique<EndSessionEndpoint>(issuer, *p.keys, *p.client_registry,
                                                       *p.sessions, *p.session_manager);
  p.token_introspection =
      std::make_unique<TokenIntrospection>(issuer, config.audience, *p.client_registry, *p.sessions,
                                           *p.directory, *p.validator, p.clock);
  return absl::OkStatus();
}

absl::Status WireEventChannels(const ServerConfig& config, ServerParts& p) {
  const EventChannelsConfig& channels = config.event_channels;
  if (!channels.stream.empty()) {
    if (channels.stream_max_len < 1) {
      return absl::InvalidArgumentError("the event stream must keep at least 1 entry");
    }
    p.event_stream = std::make_unique<storage::RedisEventStream>(*p.redis, channels.stream,
                                                                 channels.stream_max_len);
    p.stream_sink = std::make_unique<RedisStreamSink>(*p.event_stream);
  }
  p.webhook_deliveries = std::make_unique<storage::PostgresWebhookDeliveryStore>(*p.database);
  absl::StatusOr<std::vector<Subscriber>> subscribers =
      ParseSubscribers(channels.webhook_subscribers);
  if (!subscribers.ok()) return subscribers.status();
  p.webhook_subscribers = *std::move(subscribers);
  if (!p.webhook_subscribers.empty()) {
    absl::StatusOr<std::unique_ptr<WebhookSender>> sender = WebhookSender::Create(
        channels.webhooks, p.webhook_subscribers, *p.webhook_deliveries, p.clock);
    if (!sender.ok()) return sender.status();
    p.webhook_sender = *std::move(sender);
    if (absl::Status s = p.webhook_sender->Start(); !s.ok()) return s;
    p.webhook_sink = std::make_unique<WebhookSink>(p.webhook_subscribers, *p.webhook_deliveries,
                                                   p.clock, p.webhook_sender.get());
  }
  p.dead_letters =
      std::make_unique<WebhookDeadLetters>(*p.webhook_deliveries, p.clock, p.webhook_sender.get());
  p.logout_token_signer =
      std::make_unique<LogoutTokenSigner>(p.openid_configuration.issuer(), p.keys->signing_key());
  absl::StatusOr<std::unique_ptr<WebhookSender>> backchannel =
      WebhookSender::Create(channels.backchannel_logout,
                            std::make_unique<BackchannelLogoutChannel>(
                                *p.oauth_client_store, *p.logout_token_signer, p.clock),
                            *p.webhook_deliveries, p.clock, "the back-channel logout sender");
  if (!backchannel.ok()) return backchannel.status();
  p.backchannel_sender = *std::move(backchannel);
  if (absl::Status s = p.backchannel_sender->Start(); !s.ok()) return s;
  p.backchannel_sink = std::make_unique<BackchannelLogoutSink>(
      *p.oauth_client_store, *p.webhook_deliveries, p.clock, p.backchannel_sender.get());
  return absl::OkStatus();
}

void WireBot(const ServerConfig& config, ServerParts& p) {
  p.bot = std::make_unique<TelegramBot>(
      TelegramBotOptions{.bot_username = config.login.bot_username, .site_url = config.site_url},
      *p.ledger, p.clock);
  p.bot->AddListener(p.domain_metrics);
  p.bot->RefuseBlockedUsers(*p.blocked_accounts);
  p.bot->AddStartPayload("", *p.conversation);  // Login tokens: what no other prefix takes.
  p.bot->AddCallback(std::string(LoginConversation::kCallbackPrefix), *p.conversation);
  if (p.notifier != nullptr) {
    p.bot->AddCallback(std::string(SignInNotifier::kCallbackPrefix), *p.notifier);
  }
  // `/start <login_link_payload>`, `/login <CODE>` and `/start invite_<CODE>`.
  p.bot->AddStartPayload(config.sign_in.login_link_payload, *p.login_link_command);
  p.bot->AddCommand("login", *p.invite_command);
  p.bot->AddStartPayload(std::string(InviteCommand::kStartPrefix), *p.invite_command);
}

std::shared_ptr<grpc::ServerCredentials> GrpcServerCredentials(const TlsPems& tls) {
  if (tls.certificate_chain.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options(
      tls.ca.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                     : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = tls.ca;
  options.pem_key_cert_pairs.push_back({tls.private_key, tls.certificate_chain});
  return grpc::SslServerCredentials(options);
}

absl::Status Serve(const ServerConfig& config, ServerParts& p) {
  p.executor = std::make_unique<Executor>(config.database_pool_size, config.max_queued_calls);
  p.webhook_secret = SharedSecret(config.webhook_secret);
  p.gateway_token = SharedSecret(config.gateway_token);
  if (!p.gateway_token.configured()) {
    LogWarning(
        "no gateway token configured (--gateway_token_file): the device IP address and user "
        "agent of logins and sign-ins are the gRPC peer's, so behind tgauth-gateway every "
        "browser shares the gateway's address and its per-address limit");
  }
  p.service = std::make_unique<AuthServiceImpl>(
      AuthServiceDeps{.broker = *p.broker,
                      .bot = *p.bot,
                      .waiters = *p.waiters,
                      .login_changes = *p.login_changes,
                      .executor = *p.executor,
                      .keys = *p.keys,
                      .validator = *p.validator,
                      .openid_configuration = p.openid_configuration,
                      .refresher = *p.refresher,
                      .sessions = *p.session_manager,
                      .users = *p.directory,
                      .sign_in = *p.sign_in,
                      .authorizations = *p.authorization_endpoint,
                      .oauth_clients = *p.oauth_client_store,
                      .webhook_secret = p.webhook_secret,
                      .gateway_token = p.gateway_token});
  absl::StatusOr<OperatorCredentials> operators =
      OperatorCredentials::Parse(config.sign_in.operator_credentials);
  if (!operators.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--operator_credentials_file: ", operators.status().message()));
  }
  p.operators = *std::move(operators);
  if (!config.sign_in.admin_token.empty()) {
    if (absl::Status s = p.operators.AddToken(kAdminTokenOperator, config.sign_in.admin_token);
        !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--admin_token_file: ", s.message()));
    }
  }
  p.admin_service = std::make_unique<AdminServiceImpl>(
      AdminServiceDeps{.invites = *p.invites,
                       .users = *p.user_administration,
                       .logins = *p.broker,
                       .dead_letters = *p.dead_letters,
                       .oauth_clients = *p.oauth_clients,
                       .oauth_client_store = *p.oauth_client_store,
                       .credentials = p.operators,
                       .executor = *p.executor,
                       .clock = p.clock});
  p.oauth_service = std::make_unique<OAuthServiceImpl>(
      OAuthServiceDeps{.authorization = *p.authorization_endpoint,
                       .tokens = *p.token_endpoint,
                       .user_info = *p.user_info,
                       .revocation = *p.token_revocation,
                       .end_session = *p.end_session,
                       .introspection = *p.token_introspection,
                       .validator = *p.validator,
                       .executor = *p.executor,
                       .gateway_token = p.gateway_token});
  p.event_service = std::make_unique<EventServiceImpl>(EventServiceDeps{.outbox = *p.event_outbox,
                                                                        .feed = *p.event_feed,
                                                                        .credentials = p.operators,
                                                                        .executor = *p.executor});

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  // gRPC's health service has no protobuf descriptor of its own: naming one
  // of health.proto's messages links its descriptor into the generated pool,
  // where reflection finds grpc.health.v1.Health.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.grpc_address, GrpcServerCredentials(config.grpc_tls), &p.port);
  builder.RegisterService(p.service.get());
  builder.RegisterService(p.admin_service.get());
  builder.RegisterService(p.event_service.get());
  builder.RegisterService(p.oauth_service.get());
  // Request metadata up to 16 KiB, stated rather than left to the library's
  // default: well above what the gateway forwards (a bearer token of at most
  // 4 KiB, gateway/bearer_token.h), so no client's request can get a
  // gateway's shared channel an oversized-metadata error.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 * 1024);
  // gRPC binds with SO_REUSEPORT by default, so a second server on the same
  // port would start and silently take half the connections: refuse instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  SetConnectionLifetime(builder);
  // Every call of every service, counted once (server/app/metrics/rpc_metrics.h)
  // and logged once (server/rpc/rpc_access_log.h).
  p.rpc_metrics = std::make_unique<RpcMetrics>(
      p.metrics, std::vector<std::string>{
                     v1::AuthService::service_full_name(), v1::AdminService::service_full_name(),
                     v1::EventService::service_full_name(), "grpc.health.v1.Health",
                     "grpc.reflection.v1alpha.ServerReflection"});
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(p.rpc_metrics->InterceptorFactory());
  interceptors.push_back(RpcAccessLog(p.gateway_token, p.operators));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  p.server = builder.BuildAndStart();
  if (p.server == nullptr || p.port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config.grpc_address));
  }
  p.health = MakeServingHealth(
      {.database_url = config.database_url,
       .redis = p.redis->endpoint(),
       .revoked = p.revoked,
       .clock = p.clock,
       .check_clock = p.health_clock,
       .health = *p.server->GetHealthCheckService(),
       .services = {v1::AuthService::service_full_name(), v1::AdminService::service_full_name(),
                    v1::EventService::service_full_name()}});
  // A store that failed since it was connected is logged; the monitor keeps
  // checking and reports SERVING once it answers.
  p.health->Start().IgnoreError();
  return absl::OkStatus();
}

// Gauges and counts the parts keep themselves, read at each scrape.
void WireSampledMetrics(ServerParts& p) {
  AddServerSamples(
      {.pools = {{"postgres", [db = p.database.get()] { return db->pool_use(); }},
                 {"postgres_revocation_feed",
                  [db = p.revocation_database.get()] { return db->pool_use(); }},
                 {"postgres_event_relay", [db = p.relay_database.get()] { return db->pool_use(); }},
                 {"redis", [redis = p.redis.get()] { return redis->pool_use(); }}},
       .executor = *p.executor,
       .revoked = p.revoked,
       .clock = p.clock,
       .bot_api_client = p.bot_api_client,
       .webhook_sender = p.webhook_sender.get()},
      p.sampled);
  p.sampled.AttachTo(p.metrics);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerApp>> ServerApp::Start(const ServerConfig& config,
                                                            Metrics& metrics) {
  if (absl::Status s = CheckLoginOptions(config.login); !s.ok()) return s;
  auto p = std::make_unique<ServerParts>(metrics);
  p->shutdown_grace_period = config.shutdown_grace_period;
  for (absl::Status (*wire)(const ServerConfig&, ServerParts&) :
       {ConnectStores, WireTokens, WireEventChannels, WireEvents, WireSessions, WireBotApi,
        WireQrLogin, WireSignIn}) {
    if (absl::Status s = wire(config, *p); !s.ok()) return s;
  }
  WireBot(config, *p);
  if (absl::Status s = Serve(config, *p); !s.ok()) return s;
  WireSampledMetrics(*p);
  if (absl::Status s = p->cleaner->Start(); !s.ok()) return s;
  return std::unique_ptr<ServerApp>(new ServerApp(std::move(p)));
}

ServerApp::ServerApp(std::unique_ptr<ServerParts> parts) : parts_(std::move(parts)) {}

ServerApp::~ServerApp() { Shutdown(); }

int ServerApp::port() const { return parts_->port; }

void ServerApp::Wait() { parts_->server->Wait(); }

void ServerApp::Shutdown() {
  ServerParts& p = *parts_;
  if (p.shut_down) return;
  p.shut_down = true;
  const absl::Time deadline = p.clock.Now() + p.shutdown_grace_period;
  // NOT_SERVING from now on (gRPC's health service ignores later updates),
  // so health-checking clients and load balancers move to other replicas.
  p.health->Stop();
  p.server->GetHealthCheckService()->Shutdown();
  // Parked polls answer now with their state; the browsers poll again.
  p.waiters->Drain();
  // Event streams and gateways' login-change streams end now; their
  // clients resume on another replica.
  p.event_feed->Close();
  p.login_changes->Close();
  // Refuses new calls and waits for in-flight ones, cancelling those still
  // running at the deadline.
  p.server->Shutdown(absl::ToChronoTime(deadline));
  // Give the last edits and notices what is left (at least a moment);
  // Telegram may be slow.
  if (p.bot_api_client != nullptr) {
    p.bot_api_client->WaitUntilIdle(std::max(deadline - p.clock.Now(), absl::Milliseconds(100)));
  }
}

}  // namespace tgauth
