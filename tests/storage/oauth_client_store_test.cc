// OAuthClientStore conformance: the same tests for InMemoryOAuthClientStore
// and PostgresOAuthClientStore.
#include <memory>
#include <string>
#include <vector>

#include "common/secure_token.h"
#include "gtest/gtest.h"
#include "storage/memory/in_memory_oauth_client_store.h"
#include "storage/postgres/postgres_oauth_client_store.h"
#include "tests/storage/conformance.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

const absl::Time kNow = absl::FromUnixMicros(1'800'000'000'123'456);

Backend<OAuthClientStore> MakeInMemory() {
  return {nullptr, std::make_unique<InMemoryOAuthClientStore>()};
}

Backend<OAuthClientStore> MakePostgres() {
  std::shared_ptr<PostgresDatabase> db = ConnectTestDatabase();
  if (db == nullptr) return {};
  return {db, std::make_unique<PostgresOAuthClientStore>(*db)};
}

// A confidential client with every field set.
OAuthClient Shop(const std::string& client_id = "shop") {
  return {.client_id = client_id,
          .name = "Ada's Shop — магазин",
          .secret_hash = Sha256("secret of " + client_id),
          .redirect_uris = {"https://shop.example/callback", "http://127.0.0.1:8400/cb?x=1,2"},
          .post_logout_redirect_uris = {"https://shop.example/bye"},
          .allowed_scopes = {"openid", "profile"},
          .backchannel_logout_uri = "https://shop.example/backchannel",
          .may_introspect_any = true,
          .source = OAuthClientSource::kAdmin,
          .created_at = kNow,
          .updated_at = kNow};
}

// A public client (PKCE only) with only what is required.
OAuthClient Spa(const std::string& client_id = "spa") {
  return {.client_id = client_id,
          .name = "Single-page app",
          .redirect_uris = {"https://spa.example/"},
          .source = OAuthClientSource::kConfig,
          .created_at = kNow,
          .updated_at = kNow};
}

using OAuthClientStoreTest = ConformanceTest<OAuthClientStore>;

TEST_P(OAuthClientStoreTest, CreatedClientIsFoundAsGiven) {
  for (const OAuthClient& client : {Shop(), Spa()}) {
    ASSERT_TRUE(store().Create(client).ok());
    absl::StatusOr<OAuthClient> found = store().Find(client.client_id);
    ASSERT_TRUE(found.ok()) << found.status();
    EXPECT_EQ(*found, client);
  }
}

TEST_P(OAuthClientStoreTest, ArraysKeepQuotesBackslashesAndCommas) {
  OAuthClient odd = Spa();
  odd.redirect_uris = {R"(https://a.example/"q"\b{c},d)", "NULL", ""};
  ASSERT_TRUE(store().Create(odd).ok());
  EXPECT_EQ(store().Find("spa")->redirect_uris, odd.redirect_uris);
}

TEST_P(OAuthClientStoreTest, FindOfUnknownClientReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().Find("nobody").status()));
}

TEST_P(OAuthClientStoreTest, CreateOfTakenIdReturnsAlreadyExistsAndKeepsTheFirst) {
  ASSERT_TRUE(store().Create(Shop()).ok());
  OAuthClient again = Spa("shop");
  EXPECT_TRUE(absl::IsAlreadyExists(store().Create(again)));
  EXPECT_EQ(*store().Find("shop"), Shop());
}

TEST_P(OAuthClientStoreTest, ListIsInClientIdByteOrderAndLimited) {
  for (const char* id : {"b-app", "a_app", "a-app", "0app"})
    ASSERT_TRUE(store().Create(Spa(id)).ok());
  absl::StatusOr<std::vector<OAuthClient>> clients = store().List(3);
  ASSERT_TRUE(clients.ok()) << clients.status();
  std::vector<std::string> ids;
  for (const OAuthClient& c : *clients) ids.push_back(c.client_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"0app", "a-app", "a_app"}));
  EXPECT_EQ(store().List(10)->size(), 4u);
  EXPECT_TRUE(store().List(0)->empty());
}

TEST_P(OAuthClientStoreTest, UpdateReplacesSettingsAndKeepsIdentityAndSecret) {
  ASSERT_TRUE(store().Create(Shop()).ok());
  OAuthClient change = Spa("shop");  // Other settings, public, from config, created later.
  change.created_at = kNow + absl::Hours(1);
  change.updated_at = kNow + absl::Minutes(5);
  change.disabled_at = kNow;
  absl::StatusOr<OAuthClient> updated = store().Update(change);
  ASSERT_TRUE(updated.ok()) << updated.status();

  OAuthClient expected = Shop();
  expected.name = change.name;
  expected.redirect_uris = change.redirect_uris;
  expected.post_logout_redirect_uris = {};
  expected.allowed_scopes = {};
  expected.backchannel_logout_uri = "";
  expected.may_introspect_any = false;
  expected.updated_at = change.updated_at;
  EXPECT_EQ(*updated, expected);
  EXPECT_EQ(*store().Find("shop"), expected);
}

TEST_P(OAuthClientStoreTest, UpdateOfUnknownClientReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().Update(Shop()).status()));
}

TEST_P(OAuthClientStoreTest, ReplaceSecretHashChangesOnlyTheHashAndUpdatedAt) {
  ASSERT_TRUE(store().Create(Shop()).ok());
  const absl::Time later = kNow + absl::Minutes(1);
  absl::StatusOr<OAuthClient> rotated = store().ReplaceSecretHash("shop", Sha256("new"), later);
  ASSERT_TRUE(rotated.ok()) << rotated.status();
  OAuthClient expected = Shop();
  expected.secret_hash = Sha256("new");
  expected.updated_at = later;
  EXPECT_EQ(*rotated, expected);
  EXPECT_EQ(*store().Find("shop"), expected);
}

TEST_P(OAuthClientStoreTest, ReplaceSecretHashOfPublicClientFailsAndKeepsItPublic) {
  ASSERT_TRUE(store().Create(Spa()).ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(
      store().ReplaceSecretHash("spa", Sha256("new"), kNow + absl::Minutes(1)).status()));
  EXPECT_EQ(*store().Find("spa"), Spa());
}

TEST_P(OAuthClientStoreTest, ReplaceSecretHashOfUnknownClientReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().ReplaceSecretHash("nobody", Sha256("x"), kNow).status()));
}

TEST_P(OAuthClientStoreTest, DisableKeepsTheFirstTime) {
  ASSERT_TRUE(store().Create(Shop()).ok());
  absl::StatusOr<OAuthClient> disabled = store().Disable("shop", kNow + absl::Minutes(1));
  ASSERT_TRUE(disabled.ok()) << disabled.status();
  EXPECT_EQ(disabled->disabled_at, kNow + absl::Minutes(1));
  EXPECT_EQ(store().Disable("shop", kNow + absl::Hours(1))->disabled_at, kNow + absl::Minutes(1));
  OAuthClient expected = Shop();
  expected.disabled_at = kNow + absl::Minutes(1);
  EXPECT_EQ(*store().Find("shop"), expected);
}

TEST_P(OAuthClientStoreTest, DisableOfUnknownClientReturnsNotFound) {
  EXPECT_TRUE(absl::IsNotFound(store().Disable("nobody", kNow).status()));
}

INSTANTIATE_TEST_SUITE_P(Stores, OAuthClientStoreTest,
                         ::testing::Values(Impl<OAuthClientStore>{"InMemory", MakeInMemory},
                                           Impl<OAuthClientStore>{"Postgres", MakePostgres}),
                         BackendName<OAuthClientStore>);

}  // namespace
}  // namespace tgauth::storage
