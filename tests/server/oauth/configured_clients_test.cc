// --oauth_clients_file: the configuration's clients are created, kept up to
// date, and never take over an operator's (server/oauth/configured_clients.h).
#include "server/oauth/configured_clients.h"

#include <string>

#include "common/fake_clock.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/oauth/client_administration.h"
#include "server/oauth/client_registry.h"
#include "storage/memory/in_memory_oauth_client_store.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "a-configured-secret-of-more-than-32-characters";

v1::ConfiguredOAuthClient Shop() {
  v1::ConfiguredOAuthClient shop;
  shop.set_client_id("shop");
  shop.set_name("Shop");
  shop.set_client_secret(kSecret);
  shop.add_redirect_uris("https://shop.example/callback");
  return shop;
}

v1::ConfiguredOAuthClientList List(std::initializer_list<v1::ConfiguredOAuthClient> clients) {
  v1::ConfiguredOAuthClientList list;
  for (const v1::ConfiguredOAuthClient& client : clients) *list.add_clients() = client;
  return list;
}

class ConfiguredClientsTest : public ::testing::Test {
 protected:
  absl::Status Register(const v1::ConfiguredOAuthClientList& list) {
    return RegisterConfiguredClients(list, store_, clock_);
  }

  FakeClock clock_;
  storage::InMemoryOAuthClientStore store_;
  ClientRegistry registry_{store_};
};

TEST_F(ConfiguredClientsTest, AListedClientIsRegisteredWithItsSecretHashed) {
  v1::ConfiguredOAuthClient spa;
  spa.set_client_id("spa");
  spa.set_name("Spa");
  spa.add_redirect_uris("http://127.0.0.1:8080/cb");
  spa.add_allowed_scopes("openid");
  ASSERT_TRUE(Register(List({Shop(), spa})).ok());
  absl::StatusOr<storage::OAuthClient> shop = store_.Find("shop");
  ASSERT_TRUE(shop.ok()) << shop.status();
  EXPECT_EQ(shop->source, storage::OAuthClientSource::kConfig);
  EXPECT_EQ(shop->secret_hash, Sha256(kSecret));
  EXPECT_THAT(shop->allowed_scopes, ElementsAre("openid", "profile"));
  EXPECT_TRUE(registry_.Authenticate("shop", kSecret).ok());
  EXPECT_FALSE(store_.Find("spa")->secret_hash.has_value());
  EXPECT_THAT(store_.Find("spa")->allowed_scopes, ElementsAre("openid"));
}

TEST_F(ConfiguredClientsTest, TheNextStartUpBringsTheClientUpToTheFile) {
  ASSERT_TRUE(Register(List({Shop()})).ok());
  clock_.Advance(absl::Hours(1));
  v1::ConfiguredOAuthClient changed = Shop();
  changed.set_name("Shop 2");
  changed.set_client_secret(std::string(kSecret) + "-rotated");
  ASSERT_TRUE(Register(List({changed})).ok());
  absl::StatusOr<storage::OAuthClient> shop = store_.Find("shop");
  EXPECT_EQ(shop->name, "Shop 2");
  EXPECT_EQ(shop->updated_at, clock_.Now());
  EXPECT_FALSE(registry_.Authenticate("shop", kSecret).ok());
  EXPECT_TRUE(registry_.Authenticate("shop", changed.client_secret()).ok());
}

TEST_F(ConfiguredClientsTest, AnUnchangedClientIsNotRewritten) {
  ASSERT_TRUE(Register(List({Shop()})).ok());
  const absl::Time registered = clock_.Now();
  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(Register(List({Shop()})).ok());
  EXPECT_EQ(store_.Find("shop")->updated_at, registered);
}

TEST_F(ConfiguredClientsTest, AnOperatorsClientIsNotTakenOver) {
  OAuthClientAdministration admin(store_, clock_);
  ASSERT_TRUE(
      admin
          .Create({.client_id = "shop",
                   .settings = {.name = "Theirs", .redirect_uris = {"https://theirs.example/cb"}}})
          .ok());
  absl::Status refused = Register(List({Shop()}));
  EXPECT_TRUE(absl::IsFailedPrecondition(refused)) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("\"shop\""));
  EXPECT_EQ(store_.Find("shop")->name, "Theirs");
}

TEST_F(ConfiguredClientsTest, AClientCannotTurnPublic) {
  ASSERT_TRUE(Register(List({Shop()})).ok());
  v1::ConfiguredOAuthClient public_shop = Shop();
  public_shop.clear_client_secret();
  EXPECT_TRUE(absl::IsFailedPrecondition(Register(List({public_shop}))));
  EXPECT_TRUE(registry_.Authenticate("shop", kSecret).ok());
}

TEST_F(ConfiguredClientsTest, ABadListWritesNothingAndNamesTheClientNotTheSecret) {
  v1::ConfiguredOAuthClient short_secret = Shop();
  short_secret.set_client_id("other");
  short_secret.set_client_secret("too-short-secret");
  v1::ConfiguredOAuthClient no_uri = Shop();
  no_uri.set_client_id("nouri");
  no_uri.clear_redirect_uris();
  v1::ConfiguredOAuthClient bad_id = Shop();
  bad_id.set_client_id("Bad Id");
  for (const v1::ConfiguredOAuthClientList& list :
       {List({Shop(), short_secret}), List({Shop(), no_uri}), List({Shop(), bad_id}),
        List({Shop(), Shop()})}) {
    absl::Status refused = Register(list);
    EXPECT_TRUE(absl::IsInvalidArgument(refused)) << refused;
    EXPECT_THAT(refused.message(), HasSubstr("OAuth client 2"));
    EXPECT_THAT(refused.message(), Not(HasSubstr("too-short-secret")));
    EXPECT_TRUE(absl::IsNotFound(store_.Find("shop").status()));
  }
}

}  // namespace
}  // namespace tgauth
