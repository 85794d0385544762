#include "server/oauth/client_administration.h"

#include <string>
#include <vector>

#include "common/fake_clock.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_oauth_client_store.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

NewOAuthClient Shop(bool confidential = true) {
  return {.client_id = "shop",
          .confidential = confidential,
          .settings = {.name = "Shop",
                       .redirect_uris = {"https://shop.example/cb"},
                       .post_logout_redirect_uris = {"https://shop.example/bye"}}};
}

class OAuthClientAdministrationTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  storage::InMemoryOAuthClientStore store_;
  OAuthClientAdministration clients_{store_, clock_};
};

TEST_F(OAuthClientAdministrationTest, ConfidentialClientGetsASecretStoredOnlyAsItsHash) {
  absl::StatusOr<ClientWithSecret> created = clients_.Create(Shop());
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(IsWellFormedToken(created->secret));
  const storage::OAuthClient stored = *store_.Find("shop");
  EXPECT_EQ(stored, created->client);
  EXPECT_EQ(stored.secret_hash, Sha256(created->secret));
  EXPECT_EQ(stored.source, storage::OAuthClientSource::kAdmin);
  EXPECT_EQ(stored.created_at, clock_.Now());
  EXPECT_EQ(stored.updated_at, clock_.Now());
  EXPECT_THAT(stored.allowed_scopes, ElementsAre("openid", "profile"));
  EXPECT_EQ(stored.post_logout_redirect_uris, Shop().settings.post_logout_redirect_uris);
}

TEST_F(OAuthClientAdministrationTest, PublicClientGetsNoSecret) {
  absl::StatusOr<ClientWithSecret> created = clients_.Create(Shop(/*confidential=*/false));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->secret, "");
  EXPECT_FALSE(store_.Find("shop")->secret_hash.has_value());
}

TEST_F(OAuthClientAdministrationTest, BadRequestIsRefusedAndStoresNothing) {
  NewOAuthClient bad_id = Shop();
  bad_id.client_id = "Shop";
  NewOAuthClient bad_uri = Shop();
  bad_uri.settings.redirect_uris.push_back("http://shop.example/cb");
  for (const NewOAuthClient& request : {bad_id, bad_uri}) {
    absl::StatusOr<ClientWithSecret> created = clients_.Create(request);
    EXPECT_TRUE(absl::IsInvalidArgument(created.status())) << created.status();
  }
  EXPECT_TRUE(store_.List(10)->empty());
}

TEST_F(OAuthClientAdministrationTest, TakenIdReturnsAlreadyExistsAndKeepsTheFirstSecret) {
  const ClientWithSecret first = *clients_.Create(Shop());
  EXPECT_TRUE(absl::IsAlreadyExists(clients_.Create(Shop()).status()));
  EXPECT_EQ(store_.Find("shop")->secret_hash, Sha256(first.secret));
}

TEST_F(OAuthClientAdministrationTest, UpdateReplacesSettingsAndKeepsTheSecret) {
  const ClientWithSecret created = *clients_.Create(Shop());
  clock_.Advance(absl::Minutes(1));
  OAuthClientSettings settings = {.name = "Ada's Shop",
                                  .redirect_uris = {"https://shop.example/new"},
                                  .allowed_scopes = {"openid"},
                                  .may_introspect_any = true};
  absl::StatusOr<storage::OAuthClient> updated = clients_.Update("shop", settings);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->name, "Ada's Shop");
  EXPECT_THAT(updated->redirect_uris, ElementsAre("https://shop.example/new"));
  EXPECT_TRUE(updated->post_logout_redirect_uris.empty());
  EXPECT_THAT(updated->allowed_scopes, ElementsAre("openid"));
  EXPECT_TRUE(updated->may_introspect_any);
  EXPECT_EQ(updated->secret_hash, Sha256(created.secret));
  EXPECT_EQ(updated->created_at, created.client.created_at);
  EXPECT_EQ(updated->updated_at, clock_.Now());
}

TEST_F(OAuthClientAdministrationTest, BadUpdateChangesNothing) {
  const ClientWithSecret created = *clients_.Create(Shop());
  OAuthClientSettings settings = Shop().settings;
  settings.name = "New name";
  settings.allowed_scopes = {"email"};
  absl::StatusOr<storage::OAuthClient> updated = clients_.Update("shop", settings);
  EXPECT_TRUE(absl::IsInvalidArgument(updated.status()));
  EXPECT_THAT(std::string(updated.status().message()), HasSubstr("allowed_scopes[0]"));
  EXPECT_EQ(*store_.Find("shop"), created.client);
  EXPECT_TRUE(absl::IsNotFound(clients_.Update("nobody", Shop().settings).status()));
}

TEST_F(OAuthClientAdministrationTest, RotateSecretReplacesTheHash) {
  const ClientWithSecret created = *clients_.Create(Shop());
  absl::StatusOr<ClientWithSecret> rotated = clients_.RotateSecret("shop");
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  EXPECT_NE(rotated->secret, created.secret);
  EXPECT_EQ(store_.Find("shop")->secret_hash, Sha256(rotated->secret));
  EXPECT_EQ(rotated->client.secret_hash, Sha256(rotated->secret));
}

TEST_F(OAuthClientAdministrationTest, RotateSecretOfPublicClientIsAFailedPrecondition) {
  ASSERT_TRUE(clients_.Create(Shop(/*confidential=*/false)).ok());
  absl::StatusOr<ClientWithSecret> rotated = clients_.RotateSecret("shop");
  EXPECT_TRUE(absl::IsFailedPrecondition(rotated.status()));
  EXPECT_THAT(std::string(rotated.status().message()), HasSubstr("public client"));
  EXPECT_FALSE(store_.Find("shop")->secret_hash.has_value());
  EXPECT_TRUE(absl::IsNotFound(clients_.RotateSecret("nobody").status()));
}

TEST_F(OAuthClientAdministrationTest, MalformedIdIsInvalidArgumentEverywhere) {
  EXPECT_TRUE(absl::IsInvalidArgument(clients_.Get("Not An Id").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(clients_.Update("", Shop().settings).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(clients_.RotateSecret("-x").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(clients_.Disable("a b").status()));
}

TEST_F(OAuthClientAdministrationTest, DisableKeepsTheClientListed) {
  ASSERT_TRUE(clients_.Create(Shop()).ok());
  absl::StatusOr<storage::OAuthClient> disabled = clients_.Disable("shop");
  ASSERT_TRUE(disabled.ok()) << disabled.status();
  EXPECT_EQ(disabled->disabled_at, clock_.Now());
  EXPECT_EQ(clients_.Get("shop")->disabled_at, clock_.Now());
  ASSERT_EQ(clients_.List()->size(), 1u);
  EXPECT_TRUE(absl::IsNotFound(clients_.Disable("nobody").status()));
}

}  // namespace
}  // namespace tgauth
