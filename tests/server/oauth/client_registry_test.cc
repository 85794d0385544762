#include "server/oauth/client_registry.h"

#include <string>

#include "common/fake_clock.h"
#include "gtest/gtest.h"
#include "server/oauth/client_administration.h"
#include "storage/memory/in_memory_oauth_client_store.h"

namespace tgauth {
namespace {

class ClientRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    secret_ =
        clients_
            .Create({.client_id = "shop",
                     .confidential = true,
                     .settings = {.name = "Shop", .redirect_uris = {"https://shop.example/"}}})
            ->secret;
    ASSERT_TRUE(
        clients_
            .Create({.client_id = "spa",
                     .settings = {.name = "Spa", .redirect_uris = {"https://spa.example/"}}})
            .ok());
  }

  FakeClock clock_;
  storage::InMemoryOAuthClientStore store_;
  OAuthClientAdministration clients_{store_, clock_};
  ClientRegistry registry_{store_};
  std::string secret_;
};

TEST_F(ClientRegistryTest, FindsEnabledClients) {
  EXPECT_EQ(registry_.FindEnabled("shop")->name, "Shop");
  EXPECT_EQ(registry_.FindEnabled("spa")->name, "Spa");
}

TEST_F(ClientRegistryTest, DisabledUnknownAndMalformedClientsAreNotFound) {
  ASSERT_TRUE(clients_.Disable("shop").ok());
  for (const char* id : {"shop", "nobody", "", "Shop", "shop\n"}) {
    EXPECT_TRUE(absl::IsNotFound(registry_.FindEnabled(id).status())) << id;
  }
}

TEST_F(ClientRegistryTest, StoreOutageIsUnavailableNotNotFound) {
  store_.FailNextCalls(absl::UnavailableError("down"), 2);
  EXPECT_TRUE(absl::IsUnavailable(registry_.FindEnabled("shop").status()));
  EXPECT_TRUE(absl::IsUnavailable(registry_.Authenticate("shop", secret_).status()));
}

TEST_F(ClientRegistryTest, ConfidentialClientAuthenticatesWithItsSecretOnly) {
  absl::StatusOr<storage::OAuthClient> client = registry_.Authenticate("shop", secret_);
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ(client->client_id, "shop");
  for (const std::string& wrong : std::vector<std::string>{
           std::string(), secret_ + "x", secret_.substr(1), *store_.Find("shop")->secret_hash}) {
    EXPECT_TRUE(absl::IsUnauthenticated(registry_.Authenticate("shop", wrong).status()));
  }
}

TEST_F(ClientRegistryTest, RotatedSecretReplacesTheOldOneAtOnce) {
  const std::string rotated = clients_.RotateSecret("shop")->secret;
  EXPECT_TRUE(registry_.Authenticate("shop", rotated).ok());
  EXPECT_TRUE(absl::IsUnauthenticated(registry_.Authenticate("shop", secret_).status()));
}

TEST_F(ClientRegistryTest, PublicClientAuthenticatesOnlyWithoutASecret) {
  EXPECT_TRUE(registry_.Authenticate("spa", "").ok());
  EXPECT_TRUE(absl::IsUnauthenticated(registry_.Authenticate("spa", secret_).status()));
}

TEST_F(ClientRegistryTest, DisabledAndUnknownClientsFailAuthenticationAlike) {
  ASSERT_TRUE(clients_.Disable("shop").ok());
  absl::Status disabled = registry_.Authenticate("shop", secret_).status();
  absl::Status unknown = registry_.Authenticate("nobody", secret_).status();
  EXPECT_TRUE(absl::IsUnauthenticated(disabled));
  EXPECT_EQ(disabled, unknown);
}

}  // namespace
}  // namespace tgauth
