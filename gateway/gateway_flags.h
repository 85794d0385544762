// Flags of tgauth-gateway (defined in gateway_flags.cc). Each is also
// settable as TGAUTH_<NAME> (common/env_flags.h).
#ifndef TGAUTH_GATEWAY_GATEWAY_FLAGS_H_
#define TGAUTH_GATEWAY_GATEWAY_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/time/time.h"

ABSL_DECLARE_FLAG(std::string, listen_address);
ABSL_DECLARE_FLAG(std::string, metrics_address);
ABSL_DECLARE_FLAG(std::string, server_address);
ABSL_DECLARE_FLAG(std::string, server_tls_ca_file);
ABSL_DECLARE_FLAG(std::string, server_tls_cert_file);
ABSL_DECLARE_FLAG(std::string, server_tls_key_file);
ABSL_DECLARE_FLAG(std::string, server_tls_name);
ABSL_DECLARE_FLAG(std::string, webhook_secret);
ABSL_DECLARE_FLAG(std::string, gateway_token_file);
ABSL_DECLARE_FLAG(std::string, cors_allowed_origins);
ABSL_DECLARE_FLAG(std::string, return_to_origins);
ABSL_DECLARE_FLAG(bool, trust_forwarded_for);
ABSL_DECLARE_FLAG(int, trusted_proxy_hops);
ABSL_DECLARE_FLAG(std::string, site_url);
ABSL_DECLARE_FLAG(bool, insecure_session_cookie);
ABSL_DECLARE_FLAG(bool, park_long_polls);
ABSL_DECLARE_FLAG(int, max_connections);
ABSL_DECLARE_FLAG(int, max_connections_per_client);
ABSL_DECLARE_FLAG(absl::Duration, header_read_timeout);
ABSL_DECLARE_FLAG(absl::Duration, body_read_timeout);
ABSL_DECLARE_FLAG(absl::Duration, idle_timeout);
ABSL_DECLARE_FLAG(int64_t, max_buffered_body_bytes);
ABSL_DECLARE_FLAG(int64_t, max_buffered_body_bytes_per_client);

#endif  // TGAUTH_GATEWAY_GATEWAY_FLAGS_H_
