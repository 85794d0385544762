// Operators register OAuth clients end to end, on real PostgreSQL over a
// real gRPC socket: a confidential client's secret appears once, in the
// answer that issues it, and never in a later answer, a log line or the
// database (which holds only its SHA-256); bad input is refused naming the
// field and changes nothing.
#include <google/protobuf/util/message_differencer.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/admin_harness.h"
#include "tests/storage/test_env.h"

namespace tgauth::e2e {
namespace {

using google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Other suites share the database: each client gets an id of its own.
std::string NewClientId() {
  static absl::BitGen random;
  return absl::StrCat("shop-", absl::Uniform<uint64_t>(random));
}

v1::CreateOAuthClientRequest ShopRequest(const std::string& client_id, bool confidential = true) {
  v1::CreateOAuthClientRequest request;
  request.set_client_id(client_id);
  request.set_name("Ada's Shop");
  request.set_confidential(confidential);
  request.add_redirect_uris("https://shop.example/callback");
  request.add_redirect_uris("http://127.0.0.1:8400/callback");
  request.add_post_logout_redirect_uris("https://shop.example/signed-out");
  return request;
}

class OAuthClientsTest : public AdminHarness {
 protected:
  // CreateOAuthClient as alice; fails the test on an error. The secret is
  // recorded, so the cluster's log audit fails if any line holds it.
  v1::OAuthClientWithSecret Create(const v1::CreateOAuthClientRequest& request) {
    v1::OAuthClientWithSecret created;
    grpc::Status status = admin_->CreateOAuthClient(As(kAliceToken).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    cluster_->log_audit().Record(created.client_secret());
    return created;
  }

  // GetOAuthClient as alice; its status, `client` set when OK.
  grpc::Status Get(const std::string& client_id, v1::OAuthClient* client) {
    v1::GetOAuthClientRequest request;
    request.set_client_id(client_id);
    return admin_->GetOAuthClient(As(kAliceToken).get(), request, client);
  }

  // The oauth_clients row's secret_hash as stored; nullopt for NULL or no row.
  static std::optional<std::string> StoredSecretHash(const std::string& client_id) {
    absl::StatusOr<std::unique_ptr<storage::PostgresDatabase>> db =
        storage::PostgresDatabase::Connect(storage::TestDatabaseUrl(), 1);
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return std::nullopt;
    std::optional<std::string> hash;
    EXPECT_TRUE((*db)
                    ->Read([&](pqxx::transaction_base& tx) {
                      pqxx::result rows = tx.exec_params(
                          "SELECT secret_hash FROM oauth_clients WHERE client_id = $1", client_id);
                      if (!rows.empty() && !rows[0][0].is_null()) {
                        hash = pqxx::binarystring(rows[0][0]).str();
                      }
                      return absl::OkStatus();
                    })
                    .ok());
    return hash;
  }
};

TEST_F(OAuthClientsTest, ConfidentialClientSecretIsShownOnceAndStoredOnlyAsItsHash) {
  const std::string id = NewClientId();
  const v1::OAuthClientWithSecret created = Create(ShopRequest(id));
  const std::string& secret = created.client_secret();
  EXPECT_TRUE(IsWellFormedToken(secret)) << secret;
  EXPECT_TRUE(created.client().confidential());
  EXPECT_EQ(created.client().source(), "admin");
  EXPECT_THAT(created.client().allowed_scopes(), ElementsAre("openid", "profile"));
  EXPECT_THAT(created.client().redirect_uris(),
              ElementsAre("https://shop.example/callback", "http://127.0.0.1:8400/callback"));

  const std::optional<std::string> stored = StoredSecretHash(id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(*stored, Sha256(secret));
  EXPECT_NE(*stored, secret);

  // Neither Get nor List answers with the secret or its hash.
  v1::OAuthClient got;
  ASSERT_TRUE(Get(id, &got).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(got, created.client()));
  v1::ListOAuthClientsResponse list;
  ASSERT_TRUE(admin_->ListOAuthClients(As(kAliceToken).get(), {}, &list).ok());
  bool listed = false;
  for (const v1::OAuthClient& client : list.clients()) {
    listed = listed || MessageDifferencer::Equals(client, created.client());
  }
  EXPECT_TRUE(listed);
  for (const std::string& wire : {got.SerializeAsString(), list.SerializeAsString()}) {
    EXPECT_FALSE(absl::StrContains(wire, secret));
    EXPECT_FALSE(absl::StrContains(wire, *stored));
  }
  const std::string log = ServerLog();
  EXPECT_THAT(log, HasSubstr(absl::StrCat(R"("client_id":")", id, R"(")")));
  EXPECT_THAT(log, HasSubstr(R"("operator":"alice")"));
  EXPECT_FALSE(absl::StrContains(log, secret));
}

TEST_F(OAuthClientsTest, RotatedSecretReplacesTheStoredHash) {
  const std::string id = NewClientId();
  const v1::OAuthClientWithSecret created = Create(ShopRequest(id));
  v1::RotateOAuthClientSecretRequest request;
  request.set_client_id(id);
  v1::OAuthClientWithSecret rotated;
  ASSERT_TRUE(admin_->RotateOAuthClientSecret(As(kAliceToken).get(), request, &rotated).ok());
  cluster_->log_audit().Record(rotated.client_secret());
  EXPECT_TRUE(IsWellFormedToken(rotated.client_secret()));
  EXPECT_NE(rotated.client_secret(), created.client_secret());
  EXPECT_EQ(StoredSecretHash(id), Sha256(rotated.client_secret()));
  EXPECT_EQ(rotated.client().client_id(), id);
}

TEST_F(OAuthClientsTest, PublicClientGetsNoSecretAndHasNoneToRotate) {
  const std::string id = NewClientId();
  const v1::OAuthClientWithSecret created = Create(ShopRequest(id, /*confidential=*/false));
  EXPECT_EQ(created.client_secret(), "");
  EXPECT_FALSE(created.client().confidential());
  EXPECT_EQ(StoredSecretHash(id), std::nullopt);

  v1::RotateOAuthClientSecretRequest request;
  request.set_client_id(id);
  v1::OAuthClientWithSecret rotated;
  grpc::Status status = admin_->RotateOAuthClientSecret(As(kAliceToken).get(), request, &rotated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("public client"));
  EXPECT_EQ(StoredSecretHash(id), std::nullopt);
}

TEST_F(OAuthClientsTest, BadInputIsInvalidArgumentNamingTheFieldAndChangesNothing) {
  const std::string id = NewClientId();
  v1::CreateOAuthClientRequest bad = ShopRequest(id);
  bad.add_redirect_uris("https://shop.example/callback#token");
  v1::OAuthClientWithSecret created;
  grpc::Status status = admin_->CreateOAuthClient(As(kAliceToken).get(), bad, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("redirect_uris[2] must not have a fragment"));
  v1::OAuthClient got;
  EXPECT_EQ(Get(id, &got).error_code(), grpc::StatusCode::NOT_FOUND);

  const v1::OAuthClientWithSecret shop = Create(ShopRequest(id));
  v1::UpdateOAuthClientRequest update;
  update.set_client_id(id);
  update.set_name("New name");
  update.add_redirect_uris("https://shop.example/new");
  update.add_allowed_scopes("email");
  v1::OAuthClient updated;
  status = admin_->UpdateOAuthClient(As(kAliceToken).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("allowed_scopes[0] \"email\" is not supported"));
  ASSERT_TRUE(Get(id, &got).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(got, shop.client()));

  v1::CreateOAuthClientRequest bad_id = ShopRequest("Not An Id");
  status = admin_->CreateOAuthClient(As(kAliceToken).get(), bad_id, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("client_id must be"));
}

TEST_F(OAuthClientsTest, UnknownIdIsNotFoundAndTakenIdIsAlreadyExists) {
  const std::string unknown = NewClientId();
  v1::OAuthClient client;
  EXPECT_EQ(Get(unknown, &client).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::UpdateOAuthClientRequest update;
  update.set_client_id(unknown);
  update.set_name("Shop");
  update.add_redirect_uris("https://shop.example/");
  EXPECT_EQ(admin_->UpdateOAuthClient(As(kAliceToken).get(), update, &client).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::RotateOAuthClientSecretRequest rotate;
  rotate.set_client_id(unknown);
  v1::OAuthClientWithSecret rotated;
  EXPECT_EQ(admin_->RotateOAuthClientSecret(As(kAliceToken).get(), rotate, &rotated).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::DisableOAuthClientRequest disable;
  disable.set_client_id(unknown);
  EXPECT_EQ(admin_->DisableOAuthClient(As(kAliceToken).get(), disable, &client).error_code(),
            grpc::StatusCode::NOT_FOUND);

  const std::string id = NewClientId();
  const v1::OAuthClientWithSecret first = Create(ShopRequest(id));
  v1::OAuthClientWithSecret again;
  grpc::Status status = admin_->CreateOAuthClient(As(kAliceToken).get(), ShopRequest(id), &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(again.client_secret(), "");
  EXPECT_EQ(StoredSecretHash(id), Sha256(first.client_secret()));
}

TEST_F(OAuthClientsTest, UpdateReplacesSettingsAndDisableKeepsTheClientListed) {
  const std::string id = NewClientId();
  const v1::OAuthClientWithSecret created = Create(ShopRequest(id));
  v1::UpdateOAuthClientRequest update;
  update.set_client_id(id);
  update.set_name("Ada's Other Shop");
  update.add_redirect_uris("https://other.example/cb");
  update.add_allowed_scopes("openid");
  update.set_backchannel_logout_uri("https://other.example/backchannel");
  update.set_may_introspect_any(true);
  v1::OAuthClient updated;
  ASSERT_TRUE(admin_->UpdateOAuthClient(As(kAliceToken).get(), update, &updated).ok());
  EXPECT_EQ(updated.name(), "Ada's Other Shop");
  EXPECT_THAT(updated.redirect_uris(), ElementsAre("https://other.example/cb"));
  EXPECT_TRUE(updated.post_logout_redirect_uris().empty());
  EXPECT_THAT(updated.allowed_scopes(), ElementsAre("openid"));
  EXPECT_EQ(updated.backchannel_logout_uri(), "https://other.example/backchannel");
  EXPECT_TRUE(updated.may_introspect_any());
  EXPECT_TRUE(updated.confidential());
  EXPECT_EQ(StoredSecretHash(id), Sha256(created.client_secret()));

  v1::DisableOAuthClientRequest disable;
  disable.set_client_id(id);
  v1::OAuthClient disabled;
  ASSERT_TRUE(admin_->DisableOAuthClient(As(kAliceToken).get(), disable, &disabled).ok());
  EXPECT_TRUE(disabled.has_disabled_at());
  v1::OAuthClient got;
  ASSERT_TRUE(Get(id, &got).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(got, disabled));
  EXPECT_THAT(ServerLog(), HasSubstr(R"("msg":"oauth client disabled")"));
}

TEST_F(OAuthClientsTest, ClientRpcsNeedAnOperator) {
  const std::string id = NewClientId();
  v1::OAuthClientWithSecret created;
  grpc::Status status = admin_->CreateOAuthClient(As("").get(), ShopRequest(id), &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  status = admin_->CreateOAuthClient(As("not-an-operator-token-0123456789abcdef").get(),
                                     ShopRequest(id), &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  v1::OAuthClient got;
  EXPECT_EQ(Get(id, &got).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace tgauth::e2e
