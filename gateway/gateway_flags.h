// Flags of tgauth-gateway (defined in gateway_flags.cc). Each is also
// settable as TGAUTH_<NAME> (common/env_flags.h).
#ifndef TGAUTH_GATEWAY_GATEWAY_FLAGS_H_
#define TGAUTH_GATEWAY_GATEWAY_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, listen_address);
ABSL_DECLARE_FLAG(std::string, server_address);
ABSL_DECLARE_FLAG(std::string, server_tls_ca_file);
ABSL_DECLARE_FLAG(std::string, server_tls_cert_file);
ABSL_DECLARE_FLAG(std::string, server_tls_key_file);
ABSL_DECLARE_FLAG(std::string, server_tls_name);
ABSL_DECLARE_FLAG(std::string, webhook_secret);
ABSL_DECLARE_FLAG(std::string, cors_allowed_origins);
ABSL_DECLARE_FLAG(bool, trust_forwarded_for);

#endif  // TGAUTH_GATEWAY_GATEWAY_FLAGS_H_
