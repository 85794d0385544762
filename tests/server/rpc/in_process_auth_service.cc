#include "tests/server/rpc/in_process_auth_service.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace tgauth::testing {

InProcessAuthService::InProcessAuthService(LoginTestHarness& h, TelegramSignIn* sign_in,
                                           std::vector<grpc::Service*> extra,
                                           absl::string_view gateway_token)
    : harness_(h),
      gateway_token_(gateway_token),
      ledger_(h.clock),
      bot_({.bot_username = "tgauth_test_bot", .site_url = "https://example.com"}, ledger_,
           h.clock),
      link_store_(h.clock),
      links_({.site_url = "https://example.com"}, link_store_, h.clock),
      used_data_(h.clock),
      default_sign_in_({}, *mini_app_, links_, *h.issuer, h.limiter, used_data_, h.clock),
      clients_(h.oauth_clients),
      authorization_requests_(h.clock),
      authorization_codes_(h.clock),
      authorizations_("https://example.com", clients_, authorization_requests_,
                      authorization_codes_, h.sessions, h.clock),
      service_(AuthServiceDeps{.broker = *h.broker,
                               .bot = bot_,
                               .waiters = h.waiters,
                               .login_changes = h.login_changes,
                               .executor = executor_,
                               .keys = *h.keys,
                               .validator = *h.validator,
                               .openid_configuration = discovery_,
                               .refresher = h.refresher,
                               .sessions = h.manager,
                               .users = h.directory,
                               .sign_in = sign_in != nullptr ? *sign_in : default_sign_in_,
                               .authorizations = authorizations_,
                               .oauth_clients = h.oauth_clients,
                               .webhook_secret = webhook_secret_,
                               .gateway_token = gateway_token_}) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service_);
  for (grpc::Service* service : extra) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) std::abort();  // No test can run without it.
  channel_ =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  stub_ = v1::AuthService::NewStub(channel_);
}

absl::Status InProcessAuthService::RegisterShop() {
  OAuthClientAdministration clients(harness_.oauth_clients, harness_.clock);
  return clients
      .Create({.client_id = "shop",
               .settings = {.name = "Acme Shop", .redirect_uris = {"https://shop.example/cb"}}})
      .status();
}

}  // namespace tgauth::testing
