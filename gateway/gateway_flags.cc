#include "gateway/gateway_flags.h"

#include <cstdint>

#include "absl/flags/flag.h"
#include "absl/time/time.h"

ABSL_FLAG(std::string, listen_address, "127.0.0.1:8080",
          "HTTP address to serve on, host:port ([v6]:port for IPv6; port 0 picks one).");
ABSL_FLAG(std::string, metrics_address, "",
          "host:port serving Prometheus metrics on GET /metrics, apart from --listen_address so "
          "they are not public (port 0 picks one). Empty: no metrics endpoint.");
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
          "REQUIRED. The secret_token given to Telegram's setWebhook, the same as "
          "tgauth-server's (32-256 characters of A-Z a-z 0-9 _ -, e.g. `openssl rand -hex 32`); "
          "webhook calls without it are refused with 401, and 429 after 10 such calls from one "
          "address in a minute.");
ABSL_FLAG(std::string, gateway_token_file, "",
          "File holding the token sent with every RPC so the server trusts the browser IP "
          "address and user agent the gateway relays (the server's --gateway_token_file; at "
          "least 32 characters, mode 0600). Empty: the server sees only the gateway's own "
          "address (a warning).");
ABSL_FLAG(std::string, cors_allowed_origins, "",
          "Comma-separated exact origins allowed to call /v1 from a browser, e.g. "
          "https://app.example; empty sends no CORS headers.");
ABSL_FLAG(std::string, return_to_origins, "",
          "Comma-separated origins the login pages may send people on to after sign-in, "
          "through their return_to parameter (\"Continue to <site>\"), e.g. "
          "https://app.example; empty: pages offer no way on.");
ABSL_FLAG(bool, trust_forwarded_for, false,
          "Take the client IP from X-Forwarded-For (see --trusted_proxy_hops). Enable only "
          "behind proxies that append to that header; otherwise clients can claim any IP.");
ABSL_FLAG(int, trusted_proxy_hops, 1,
          "With --trust_forwarded_for: how many proxies in front of the gateway append to "
          "X-Forwarded-For; the client IP is the entry this many from the right (entries "
          "further left are the client's own). Too few entries: the TCP peer is used.");
ABSL_FLAG(std::string, site_url, "",
          "The public URL of the login pages, e.g. https://login.example.com (the server's "
          "--site_url). When https, every response carries Strict-Transport-Security.");
ABSL_FLAG(bool, insecure_session_cookie, false,
          "Development only: set the browser pages' session cookie without Secure and the "
          "__Host- prefix, for plain http on a host other than localhost/127.0.0.1 (browsers "
          "drop Secure cookies there). Never on a public site: the refresh token would travel "
          "in clear.");
ABSL_FLAG(bool, park_long_polls, true,
          "Park browsers' login long polls in the gateway, woken by the server's "
          "WatchLoginChanges stream (a few KB each, no call held open to the server); false: "
          "each waits in the server as an AwaitLogin call.");
ABSL_FLAG(int, max_connections, 10000, "Open HTTP connections at most; more are closed at once.");
ABSL_FLAG(int, max_connections_per_client, 256,
          "Open HTTP connections from one TCP peer address at most; more are closed at once. "
          "0: no cap (behind a proxy every connection comes from the proxy's address).");
ABSL_FLAG(absl::Duration, header_read_timeout, absl::Seconds(10),
          "Longest time to receive a request's line and header fields, from its first byte "
          "(or the connection's accept); slower clients are disconnected.");
ABSL_FLAG(absl::Duration, body_read_timeout, absl::Seconds(30),
          "Longest time to receive a request's body once its header fields are in.");
ABSL_FLAG(absl::Duration, idle_timeout, absl::Seconds(60),
          "Longest wait for the next request on a keep-alive connection.");
ABSL_FLAG(int64_t, max_buffered_body_bytes, 32 * 1024 * 1024,
          "Bytes all request bodies still arriving may hold together; a body that does not "
          "fit is refused with 503.");
ABSL_FLAG(int64_t, max_buffered_body_bytes_per_client, 1024 * 1024,
          "The share of --max_buffered_body_bytes one TCP peer address may hold. 0: no "
          "per-address share (behind a proxy every connection comes from its address).");
