// The authorization code flow's parts on the in-memory stores, wired as the
// server wires them (server/app/server_app.cc): two registered clients, a
// signed-in person, and helpers that take a request through the
// authorization endpoint to a code and a code to the token endpoint.
#ifndef TGAUTH_TESTS_SERVER_OAUTH_AUTHORIZATION_FLOW_FIXTURE_H_
#define TGAUTH_TESTS_SERVER_OAUTH_AUTHORIZATION_FLOW_FIXTURE_H_

#include <string>

#include "gtest/gtest.h"
#include "server/oauth/authorization_endpoint.h"
#include "server/oauth/client_administration.h"
#include "server/oauth/client_registry.h"
#include "server/oauth/pkce.h"
#include "server/oauth/token_endpoint.h"
#include "server/oauth/end_session_endpoint.h"
#include "server/oauth/token_revocation.h"
#include "server/oauth/user_info.h"
#include "server/token/id_token_signer.h"
#include "server/token/jwt_verifier.h"
#include "storage/memory/in_memory_authorization_code_store.h"
#include "storage/memory/in_memory_authorization_request_store.h"
#include "storage/memory/in_memory_oauth_client_store.h"
#include "tests/server/session/session_test_harness.h"

namespace tgauth {

inline constexpr char kIssuer[] = "https://auth.example";
inline constexpr char kRedirect[] = "https://shop.example/callback";
inline constexpr char kSignedOut[] = "https://shop.example/signed-out?from=tgauth";
inline constexpr char kVerifier[] =
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";  // RFC 7636 App. B.

class AuthorizationFlowFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    shop_secret_ = admin_
                       .Create({.client_id = "shop",
                                .confidential = true,
                                .settings = {.name = "Shop",
                                             .redirect_uris = {kRedirect},
                                             .post_logout_redirect_uris = {kSignedOut}}})
                       ->secret;
    ASSERT_TRUE(admin_
                    .Create({.client_id = "spa",
                             .settings = {.name = "Spa",
                                          .redirect_uris = {"http://127.0.0.1:8080/cb"},
                                          .allowed_scopes = {"openid"}}})
                    .ok());
  }

  // A valid request of "shop" with `changes` applied ("" erases a value).
  AuthorizationParameters Request(
      std::initializer_list<std::pair<std::string, std::string>> changes = {}) {
    AuthorizationParameters p;
    p.values = {{"response_type", "code"},
                {"client_id", "shop"},
                {"redirect_uri", kRedirect},
                {"scope", "openid profile"},
                {"state", "s-1"},
                {"nonce", "n-1"},
                {"code_challenge", S256CodeChallenge(kVerifier)},
                {"code_challenge_method", "S256"}};
    for (const auto& [name, value] : changes) {
      if (value.empty()) {
        p.values.erase(name);
      } else {
        p.values[name] = value;
      }
    }
    return p;
  }

  std::string Handle(const AuthorizationParameters& parameters) {
    absl::StatusOr<AuthorizationStart> start = endpoint_.Start(parameters);
    EXPECT_TRUE(start.ok()) << start.status();
    EXPECT_TRUE(start.ok() && start->error_redirect.empty()) << start->error_redirect;
    return start.ok() ? start->handle : "";
  }

  std::string ErrorRedirect(const AuthorizationParameters& parameters) {
    absl::StatusOr<AuthorizationStart> start = endpoint_.Start(parameters);
    EXPECT_TRUE(start.ok()) << start.status();
    EXPECT_TRUE(start.ok() && start->handle.empty());
    return start.ok() ? start->error_redirect : "";
  }

  // Ada's tgauth session, as the sign-in page holds it.
  AuthorizingSession SignedIn(const storage::TelegramProfile& who = testing::Ada()) {
    IssuedSession session = harness_.SignIn(who);
    return {.user_id = harness_.Stored(session.session_id).user_id,
            .session_id = session.session_id};
  }

  // The code in a redirect made by Complete.
  static std::string CodeOf(const std::string& redirect) {
    const size_t start = redirect.find("code=") + 5;
    return redirect.substr(start, redirect.find('&', start) - start);
  }

  std::string Code(const AuthorizationParameters& parameters = {}) {
    const std::string handle = Handle(parameters.values.empty() ? Request() : parameters);
    absl::StatusOr<std::string> redirect = endpoint_.Complete(handle, SignedIn());
    EXPECT_TRUE(redirect.ok()) << redirect.status();
    return redirect.ok() ? CodeOf(*redirect) : "";
  }

  CodeExchange Exchange(const std::string& code) {
    return {.client_id = "shop",
            .client_secret = shop_secret_,
            .code = code,
            .redirect_uri = kRedirect,
            .code_verifier = kVerifier};
  }

  google::protobuf::Struct Verified(const std::string& jwt) {
    absl::StatusOr<VerifiedJwt> verified = VerifyEs256Jwt(jwt, harness_.keys->jwks());
    EXPECT_TRUE(verified.ok()) << verified.status();
    return verified.ok() ? verified->claims : google::protobuf::Struct();
  }

  testing::SessionTestHarness harness_;
  storage::InMemoryOAuthClientStore& client_store_ = harness_.oauth_clients;
  OAuthClientAdministration admin_{client_store_, harness_.clock};
  ClientRegistry clients_{client_store_};
  storage::InMemoryAuthorizationRequestStore requests_{harness_.clock};
  storage::InMemoryAuthorizationCodeStore codes_{harness_.clock};
  AuthorizationEndpoint endpoint_{kIssuer, clients_,          requests_,
                                  codes_,  harness_.sessions, harness_.clock};
  IdTokenSigner id_tokens_{kIssuer, *harness_.key};
  TokenEndpoint tokens_{
      clients_,           codes_,     *harness_.issuer,  harness_.refresher, harness_.manager,
      harness_.directory, id_tokens_, absl::Minutes(15), harness_.clock};
  UserInfoEndpoint user_info_{harness_.sessions, harness_.directory};
  TokenRevocation revocation_{clients_, harness_.sessions, harness_.manager, *harness_.validator};
  EndSessionEndpoint end_session_{kIssuer, *harness_.keys, clients_, harness_.sessions,
                                  harness_.manager};
  std::string shop_secret_;
};

}  // namespace tgauth

#endif  // TGAUTH_TESTS_SERVER_OAUTH_AUTHORIZATION_FLOW_FIXTURE_H_
