// AuthServiceImpl on a real in-process gRPC server (port 0) over the
// in-memory stores of a LoginTestHarness, with a channel to call it: what
// the service tests share, so each only states what it calls.
#ifndef TGAUTH_TESTS_SERVER_RPC_IN_PROCESS_AUTH_SERVICE_H_
#define TGAUTH_TESTS_SERVER_RPC_IN_PROCESS_AUTH_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/oauth/authorization_endpoint.h"
#include "server/oauth/client_administration.h"
#include "server/oauth/client_registry.h"
#include "server/rpc/auth_service.h"
#include "server/rpc/executor.h"
#include "server/signin/login_links.h"
#include "server/signin/mini_app_verifier.h"
#include "server/signin/telegram_sign_in.h"
#include "storage/memory/in_memory_authorization_code_store.h"
#include "storage/memory/in_memory_authorization_request_store.h"
#include "storage/memory/in_memory_login_link_store.h"
#include "storage/memory/in_memory_signed_data_ledger.h"
#include "storage/memory/in_memory_update_ledger.h"
#include "tests/server/qr_login/login_test_harness.h"

namespace tgauth::testing {

// The deployment's webhook secret and gateway token (both acceptable).
inline constexpr char kTestWebhookSecret[] = "test-webhook_secret-0123456789abcdef";
inline constexpr char kTestGatewayToken[] = "test-gateway-token-0123456789abcdefghij";

class InProcessAuthService {
 public:
  // Serves AuthService over `h` (which must outlive this), and `extra`
  // services on the same port. `sign_in` replaces the default TelegramSignIn
  // (no bot token) when not null. `gateway_token` is the server's configured
  // gateway token ("": none).
  explicit InProcessAuthService(LoginTestHarness& h, TelegramSignIn* sign_in = nullptr,
                                std::vector<grpc::Service*> extra = {},
                                absl::string_view gateway_token = kTestGatewayToken);
  ~InProcessAuthService() { server_->Shutdown(); }

  v1::AuthService::Stub& stub() { return *stub_; }
  storage::InMemoryUpdateLedger& ledger() { return ledger_; }
  const std::shared_ptr<grpc::Channel>& channel() { return channel_; }
  Executor& executor() { return executor_; }
  // OAuth authorization requests, of the clients in the harness's
  // oauth_clients store.
  AuthorizationEndpoint& authorizations() { return authorizations_; }
  // Registers the public OAuth client "shop", named "Acme Shop", with the
  // redirect URI https://shop.example/cb.
  absl::Status RegisterShop();

 private:
  LoginTestHarness& harness_;
  SharedSecret webhook_secret_{kTestWebhookSecret};
  SharedSecret gateway_token_;
  storage::InMemoryUpdateLedger ledger_;
  TelegramBot bot_;
  Executor executor_{4};
  v1::OpenIdConfiguration discovery_;
  storage::InMemoryLoginLinkStore link_store_;
  std::unique_ptr<MiniAppVerifier> mini_app_ = *MiniAppVerifier::Create({});
  LoginLinks links_;
  storage::InMemorySignedDataLedger used_data_;
  TelegramSignIn default_sign_in_;
  ClientRegistry clients_;
  storage::InMemoryAuthorizationRequestStore authorization_requests_;
  storage::InMemoryAuthorizationCodeStore authorization_codes_;
  AuthorizationEndpoint authorizations_;
  AuthServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::AuthService::Stub> stub_;
};

}  // namespace tgauth::testing

#endif  // TGAUTH_TESTS_SERVER_RPC_IN_PROCESS_AUTH_SERVICE_H_
