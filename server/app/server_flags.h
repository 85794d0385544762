// Flags of tgauth-server (defined in server_flags.cc; each is also settable
// as TGAUTH_<NAME>, see common/env_flags.h).
#ifndef TGAUTH_SERVER_APP_SERVER_FLAGS_H_
#define TGAUTH_SERVER_APP_SERVER_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/time/time.h"

ABSL_DECLARE_FLAG(std::string, grpc_address);
ABSL_DECLARE_FLAG(std::string, metrics_address);
ABSL_DECLARE_FLAG(std::string, grpc_tls_cert_file);
ABSL_DECLARE_FLAG(std::string, grpc_tls_key_file);
ABSL_DECLARE_FLAG(std::string, grpc_client_ca_file);
ABSL_DECLARE_FLAG(std::string, database_url);
ABSL_DECLARE_FLAG(std::string, redis_url);
ABSL_DECLARE_FLAG(std::string, redis_key_prefix);
ABSL_DECLARE_FLAG(std::string, bot_username);
ABSL_DECLARE_FLAG(std::string, bot_token);
ABSL_DECLARE_FLAG(std::string, bot_api_base_url);
ABSL_DECLARE_FLAG(bool, login_confirmation);
ABSL_DECLARE_FLAG(bool, login_match_code);
ABSL_DECLARE_FLAG(bool, sign_in_notices);
ABSL_DECLARE_FLAG(std::string, site_url);
ABSL_DECLARE_FLAG(std::string, issuer);
ABSL_DECLARE_FLAG(std::string, audience);
ABSL_DECLARE_FLAG(std::vector<std::string>, signing_key_file);
ABSL_DECLARE_FLAG(absl::Duration, login_ttl);
ABSL_DECLARE_FLAG(absl::Duration, expired_login_retention);
ABSL_DECLARE_FLAG(absl::Duration, poll_interval);
ABSL_DECLARE_FLAG(int, logins_per_ip_per_minute);
ABSL_DECLARE_FLAG(int, sign_ins_per_ip_per_minute);
ABSL_DECLARE_FLAG(int, failed_refreshes_per_ip);
ABSL_DECLARE_FLAG(absl::Duration, failed_refresh_window);
ABSL_DECLARE_FLAG(int, max_queued_calls);
ABSL_DECLARE_FLAG(int, max_polls_per_login);
ABSL_DECLARE_FLAG(absl::Duration, shutdown_grace_period);
ABSL_DECLARE_FLAG(int, sign_ins_per_user);
ABSL_DECLARE_FLAG(absl::Duration, sign_ins_per_user_window);
ABSL_DECLARE_FLAG(absl::Duration, access_token_ttl);
ABSL_DECLARE_FLAG(absl::Duration, refresh_token_idle_ttl);
ABSL_DECLARE_FLAG(absl::Duration, session_lifetime);
ABSL_DECLARE_FLAG(std::string, refresh_token_key_file);
ABSL_DECLARE_FLAG(absl::Duration, refresh_token_grace_period);
ABSL_DECLARE_FLAG(absl::Duration, session_cleanup_interval);
ABSL_DECLARE_FLAG(absl::Duration, ended_session_retention);
ABSL_DECLARE_FLAG(absl::Duration, event_retention);
ABSL_DECLARE_FLAG(absl::Duration, event_relay_poll_interval);
ABSL_DECLARE_FLAG(int64_t, bot_id);
ABSL_DECLARE_FLAG(bool, mini_app_test_environment);
ABSL_DECLARE_FLAG(absl::Duration, telegram_auth_max_age);
ABSL_DECLARE_FLAG(absl::Duration, login_link_ttl);
ABSL_DECLARE_FLAG(std::string, login_link_payload);
ABSL_DECLARE_FLAG(std::string, admin_token_file);
ABSL_DECLARE_FLAG(std::string, operator_credentials_file);
ABSL_DECLARE_FLAG(std::string, oauth_clients_file);
ABSL_DECLARE_FLAG(std::string, webhook_secret);
ABSL_DECLARE_FLAG(std::string, gateway_token_file);
ABSL_DECLARE_FLAG(int, invite_attempts_per_hour);
ABSL_DECLARE_FLAG(int, database_pool_size);
ABSL_DECLARE_FLAG(int, redis_pool_size);

ABSL_DECLARE_FLAG(std::string, event_stream);
ABSL_DECLARE_FLAG(int64_t, event_stream_max_len);
ABSL_DECLARE_FLAG(std::string, event_webhook_subscribers_file);
ABSL_DECLARE_FLAG(int, event_webhook_max_attempts);
ABSL_DECLARE_FLAG(absl::Duration, event_webhook_timeout);
ABSL_DECLARE_FLAG(absl::Duration, event_webhook_initial_backoff);
ABSL_DECLARE_FLAG(absl::Duration, event_webhook_max_backoff);
ABSL_DECLARE_FLAG(int, event_webhook_max_in_flight);

#endif  // TGAUTH_SERVER_APP_SERVER_FLAGS_H_
