#include "server/app/server_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, grpc_address, "127.0.0.1:50051", "Address the gRPC server listens on.");
ABSL_FLAG(std::string, metrics_address, "",
          "host:port serving Prometheus metrics on GET /metrics (port 0 picks one). Empty: no "
          "metrics endpoint.");
ABSL_FLAG(std::string, grpc_tls_cert_file, "",
          "PEM certificate chain (leaf first) for the gRPC port; with --grpc_tls_key_file the "
          "port speaks only TLS. Empty: plaintext, for loopback only.");
ABSL_FLAG(std::string, grpc_tls_key_file, "",
          "PEM private key of --grpc_tls_cert_file; refused if group or others may read it.");
ABSL_FLAG(std::string, grpc_client_ca_file, "",
          "PEM CA certificates: every gRPC client must present a certificate that chains to "
          "one of them (mutual TLS). Needs --grpc_tls_cert_file.");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL URL, postgresql://user[:password]@host:port/db (required).");
ABSL_FLAG(std::string, redis_url, "",
          "Redis URL, redis://[user[:password]@]host:port[/db] (required); user and password "
          "percent-encoded, a user only for an ACL user. rediss:// (TLS) is not supported.");
ABSL_FLAG(std::string, redis_key_prefix,
          "tgauth:", "Prefix of every Redis key and channel, so deployments can share a Redis.");
ABSL_FLAG(std::string, bot_username, "",
          "The Telegram bot's username, without '@'; deep links open it (required).");
ABSL_FLAG(std::string, bot_token, "",
          "The bot's Bot API token, checked for shape at start-up; it keys the Login "
          "Widget and Mini App signatures and authorises the bot's own Bot API calls "
          "(edits of confirmation requests, sign-in notices). Optional for QR login.");
ABSL_FLAG(std::string, bot_api_base_url, "https://api.telegram.org",
          "Where the bot's own Bot API calls go (<url>/bot<token>/<method>); tests point it "
          "at a local fake.");
ABSL_FLAG(bool, login_confirmation, true,
          "After a QR scan the bot asks the user to Confirm or Deny the sign-in, showing the "
          "browser, IP address and time; false: the scan itself signs in.");
ABSL_FLAG(bool, login_match_code, false,
          "Phishing defence (RFC 8628 section 5.4): the browser shows a 2-digit code the user "
          "must pick among three in the bot. Needs --login_confirmation.");
ABSL_FLAG(bool, sign_in_notices, true,
          "Send the user a \"new sign-in\" message after each sign-in. Needs --bot_token.");
ABSL_FLAG(std::string, site_url, "http://127.0.0.1:8080",
          "The public URL of the login page; the bot sends people there.");
ABSL_FLAG(std::string, issuer, "", "Access token `iss` claim; empty means --site_url.");
ABSL_FLAG(std::string, audience, "tgauth", "Access token `aud` claim.");
ABSL_FLAG(std::vector<std::string>, signing_key_file, {},
          "Comma-separated PEM files with EC P-256 keys, oldest first: the last signs access "
          "tokens, all verify them (key rotation). Each must be private (mode 0600, or "
          "root-owned 0640). Empty: generate an ephemeral key (tokens stop verifying on "
          "restart; never use in production).");
ABSL_FLAG(absl::Duration, login_ttl, absl::Minutes(5), "How long a QR login stays valid.");
ABSL_FLAG(absl::Duration, expired_login_retention, absl::Minutes(10),
          "How long after expiry a login is still reported as expired, not unknown.");
ABSL_FLAG(absl::Duration, poll_interval, absl::Seconds(2),
          "Poll interval suggested to clients whose poll returned at once.");
ABSL_FLAG(int, logins_per_ip_per_minute, 60,
          "Logins one client IP address may start per minute (CreateLogin); 0: no limit.");
ABSL_FLAG(int, sign_ins_per_ip_per_minute, 30,
          "Widget, Mini App and login-link sign-in attempts one client address may make per "
          "minute, all methods together; 0: no limit.");
ABSL_FLAG(int, failed_refreshes_per_ip, 20,
          "Failed RefreshSession calls (malformed or refused refresh token) one client address "
          "may make per --failed_refresh_window; beyond it, every refresh from that address is "
          "refused until the window ends. 0: no limit.");
ABSL_FLAG(absl::Duration, failed_refresh_window, absl::Minutes(10),
          "The window of --failed_refreshes_per_ip.");
ABSL_FLAG(int, max_queued_calls, 1000,
          "Calls that may wait for a worker thread (see --database_pool_size); beyond it, a call "
          "is answered RESOURCE_EXHAUSTED at once.");
ABSL_FLAG(int, max_polls_per_login, 8,
          "AwaitLogin long polls one login may hold at once; beyond it, RESOURCE_EXHAUSTED.");
ABSL_FLAG(absl::Duration, shutdown_grace_period, absl::Seconds(20),
          "On SIGTERM or SIGINT: how long in-flight calls may take to finish (parked long polls "
          "answer at once) before the server exits anyway.");
ABSL_FLAG(int, sign_ins_per_user, 20,
          "Sessions one Telegram account may start per --sign_ins_per_user_window, whatever "
          "the sign-in method (RESOURCE_EXHAUSTED beyond); 0: no limit.");
ABSL_FLAG(absl::Duration, sign_ins_per_user_window, absl::Minutes(10),
          "The window of --sign_ins_per_user.");
ABSL_FLAG(absl::Duration, access_token_ttl, absl::Minutes(15), "Access token lifetime.");
ABSL_FLAG(absl::Duration, refresh_token_idle_ttl, absl::Hours(24 * 30),
          "Refresh token idle lifetime (sliding).");
ABSL_FLAG(absl::Duration, session_lifetime, absl::Hours(24 * 90), "Absolute session lifetime.");
ABSL_FLAG(std::string, refresh_token_key_file, "",
          "File of at least 32 random bytes (`openssl rand -out FILE 32`) from which each "
          "rotated refresh token is derived, so one replayed within the grace period gets the "
          "session's current tokens. Every replica must read the same file; mode 0600 (or "
          "root-owned 0640). Empty: an "
          "ephemeral key (such replays then fail after a restart or across replicas).");
ABSL_FLAG(absl::Duration, refresh_token_grace_period, absl::Seconds(10),
          "How long after its rotation a refresh token still returns the session's current "
          "tokens (tabs refreshing at once); presented later, it is reuse and revokes the "
          "session (RFC 9700 section 4.14.2). 0s: no grace.");
ABSL_FLAG(absl::Duration, session_cleanup_interval, absl::Minutes(5),
          "How often ended sessions and expired refresh tokens are deleted (in batches).");
ABSL_FLAG(absl::Duration, ended_session_retention, absl::Hours(24 * 7),
          "How long a revoked or expired session is kept before cleanup deletes it.");
ABSL_FLAG(absl::Duration, event_retention, absl::Hours(24 * 7),
          "How long domain events stay in the outbox after every channel took them; a "
          "WatchEvents resuming from an older event_id gets OUT_OF_RANGE. Deleted in batches.");
ABSL_FLAG(absl::Duration, event_relay_poll_interval, absl::Milliseconds(50),
          "How often the outbox relay looks for committed events to number and deliver: the "
          "longest an event waits when the relay is idle.");
ABSL_FLAG(int64_t, bot_id, 0,
          "The bot's numeric id, for Mini App sign-in by Telegram's Ed25519 signature when no "
          "--bot_token is configured (third-party validation). 0: the --bot_token's prefix.");
ABSL_FLAG(bool, mini_app_test_environment, false,
          "Check Mini App Ed25519 signatures with Telegram's test-environment public key.");
ABSL_FLAG(absl::Duration, telegram_auth_max_age, absl::Hours(1),
          "How old the auth_date of Login Widget and Mini App data may be; 0 turns the age "
          "check off (replaying recorded data in tests). A minute in the future is tolerated. "
          "Each payload signs in once and is remembered in Redis until it is this old (7 days "
          "with no age limit).");
ABSL_FLAG(absl::Duration, login_link_ttl, absl::Minutes(5),
          "How long a login link from the bot (/start web_auth, /login CODE) works.");
ABSL_FLAG(std::string, login_link_payload, "web_auth",
          "The /start payload that asks the bot for a login link (t.me/<bot>?start=<payload>).");
ABSL_FLAG(std::string, admin_token_file, "",
          "File holding one operator token for AdminService, the operator named \"admin\" "
          "(sent as \"authorization: Bearer <token>\"); at least 32 characters, mode 0600 (or "
          "root-owned 0640). With no operator (this or --operator_credentials_file) the admin "
          "API refuses every call.");
ABSL_FLAG(std::string, operator_credentials_file, "",
          "File of AdminService operators, one \"<name>:<SHA-256 of the token, hex>\" per line "
          "(scripts/add-operator makes one); the plain token stays with the operator. Mode 0600 "
          "(or root-owned 0640). Every admin action is logged with the operator's name.");
ABSL_FLAG(std::string, oauth_clients_file, "",
          "File of the OAuth clients the configuration registers, as JSON: {\"clients\": "
          "[{\"clientId\": \"shop\", \"name\": \"Shop\", \"clientSecret\": \"<32-256 "
          "characters; omit for a public client>\", \"redirectUris\": [\"https://shop.example/"
          "callback\"]}]} (proto/tgauth/v1/oauth.proto); mode 0600 (or root-owned 0640). Each "
          "listed client is created or updated at start-up. Empty: only AdminService's clients.");
ABSL_FLAG(std::string, webhook_secret, "",
          "REQUIRED. The secret_token given to Telegram's setWebhook, the same as "
          "tgauth-gateway's (32-256 characters of A-Z a-z 0-9 _ -, e.g. `openssl rand -hex "
          "32`); HandleTelegramUpdate refuses calls without it with UNAUTHENTICATED.");
ABSL_FLAG(std::string, gateway_token_file, "",
          "File holding the token tgauth-gateway presents (the same file as its "
          "--gateway_token_file; at least 32 characters, mode 0600). Only a caller with it may "
          "state a browser's IP address and user agent; others get their connection's. Empty: "
          "no caller is trusted (a warning).");
ABSL_FLAG(int, invite_attempts_per_hour, 10,
          "Invite codes one Telegram user may try per hour (/login); 0: no limit.");
ABSL_FLAG(int, database_pool_size, 16,
          "PostgreSQL connections; also the number of worker threads.");
ABSL_FLAG(int, redis_pool_size, 16, "Redis connections for commands.");
ABSL_FLAG(std::string, event_stream, "tgauth:events",
          "The Redis Stream every domain event is appended to (XADD, entry id "
          "<event_id>-0, fields type, user_id, event_id and event: the tgauth.v1.Event in "
          "protobuf binary); read it with consumer groups. Empty: no stream.");
ABSL_FLAG(int64_t, event_stream_max_len, 100000,
          "About how many entries the event stream keeps (XADD MAXLEN ~).");
ABSL_FLAG(std::string, event_webhook_subscribers_file, "",
          "File listing the signed HTTP webhook subscribers, as JSON: {\"subscribers\": "
          "[{\"name\": \"billing\", \"url\": \"https://...\", \"eventTypes\": "
          "[\"user.deleted\"], \"secret\": \"whsec_<base64>\"}]} (Standard Webhooks); "
          "mode 0600 (or root-owned 0640). Empty: no webhooks.");
ABSL_FLAG(int, event_webhook_max_attempts, 10,
          "Attempts of one webhook delivery (the first included) before it is dead-lettered "
          "(AdminService.ListDeadLetters / ReplayDeadLetter).");
ABSL_FLAG(absl::Duration, event_webhook_timeout, absl::Seconds(10),
          "How long one webhook request may take, to its last byte.");
ABSL_FLAG(absl::Duration, event_webhook_initial_backoff, absl::Seconds(1),
          "Wait before a webhook delivery's first retry; doubles per attempt, jittered.");
ABSL_FLAG(absl::Duration, event_webhook_max_backoff, absl::Minutes(10),
          "Longest wait between webhook attempts.");
ABSL_FLAG(int, event_webhook_max_in_flight, 4,
          "Webhook requests in flight per subscriber and replica, so a slow subscriber holds "
          "only its own.");
