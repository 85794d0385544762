// tgauth-server wired together: storage connections, domain objects and the
// gRPC server (AuthService, health, reflection). main.cc builds the config
// from flags; tests can start one in-process.
#ifndef TGAUTH_SERVER_SERVER_APP_H_
#define TGAUTH_SERVER_SERVER_APP_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/login_broker.h"
#include "server/session_cleaner.h"
#include "server/session_issuer.h"

namespace tgauth {

struct ServerConfig {
  std::string grpc_address = "127.0.0.1:50051";  // Port 0 picks a free port.
  std::string database_url;
  std::string redis_url;
  std::string redis_key_prefix = "tgauth:";
  std::string site_url;
  std::string issuer;
  std::string audience = "tgauth";
  // PEM P-256 keys, oldest first; the newest signs, all verify. Empty: an
  // ephemeral key is generated.
  std::vector<std::string> signing_key_pems;
  LoginOptions login;
  // Empty: no outbound Bot API calls (server/bot_api.h, NoBotApi): no edits
  // of confirmation requests, no sign-in notices.
  std::string bot_token;
  std::string bot_api_base_url = "https://api.telegram.org";
  bool sign_in_notices = true;  // Needs bot_token.
  SessionLifetimes lifetimes;
  // At least 32 secret bytes that derive rotated refresh tokens; the same on
  // every replica. Empty: an ephemeral key is generated.
  std::string refresh_token_key;
  absl::Duration refresh_token_grace_period = absl::Seconds(10);
  SessionCleanupOptions session_cleanup;
  int database_pool_size = 16;
  int redis_pool_size = 16;
};

class ServerApp {
 public:
  // Connects to PostgreSQL (applying migrations) and Redis, then serves.
  // INVALID_ARGUMENT for a bad config (a one-line reason); UNAVAILABLE if
  // PostgreSQL, Redis or the listen address cannot be reached.
  static absl::StatusOr<std::unique_ptr<ServerApp>> Start(const ServerConfig& config);

  ~ServerApp();  // Shuts down, giving in-flight calls a moment to finish.

  int port() const;
  // Blocks until Shutdown() is called from another thread.
  void Wait();
  void Shutdown();

 private:
  struct Parts;
  explicit ServerApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SERVER_APP_H_
