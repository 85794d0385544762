#include "gateway/gateway_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, listen_address, "127.0.0.1:8080",
          "HTTP address to serve on, host:port ([v6]:port for IPv6; port 0 picks one).");
ABSL_FLAG(std::string, server_address, "127.0.0.1:50051",
          "gRPC address of tgauth-server (any gRPC target, e.g. dns:///tgauth-server:50051).");
ABSL_FLAG(std::string, server_tls_ca_file, "",
          "PEM CA certificates: connect to tgauth-server over TLS and accept only a server "
          "certificate that chains to them. Empty: plaintext, for loopback only.");
ABSL_FLAG(std::string, server_tls_cert_file, "",
          "PEM client certificate chain shown to tgauth-server (its --grpc_client_ca_file "
          "must trust it). Needs --server_tls_ca_file and --server_tls_key_file.");
ABSL_FLAG(std::string, server_tls_key_file, "",
          "PEM private key of --server_tls_cert_file; refused if group or others may read it.");
ABSL_FLAG(std::string, server_tls_name, "",
          "The name the server certificate must carry, when it is not the host of "
          "--server_address. Needs --server_tls_ca_file.");
ABSL_FLAG(std::string, webhook_secret, "",
          "REQUIRED. The secret_token given to Telegram's setWebhook (1-256 characters of "
          "A-Z a-z 0-9 _ -); webhook calls without it are refused with 401.");
ABSL_FLAG(std::string, cors_allowed_origins, "",
          "Comma-separated exact origins allowed to call /v1 from a browser, e.g. "
          "https://app.example; empty sends no CORS headers.");
ABSL_FLAG(bool, trust_forwarded_for, false,
          "Take the client IP from the first X-Forwarded-For address. Enable only behind a "
          "proxy that sets that header; otherwise clients can claim any IP.");
