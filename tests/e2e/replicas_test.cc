// Several tgauth-server replicas on one PostgreSQL: a revocation made on one
// stops the session's access tokens on the others within 1 s, and signing
// keys rotate without invalidating the tokens already out there.
#include <grpcpp/grpcpp.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/private_file.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::e2e {
namespace {

using ::testing::HasSubstr;

// A new P-256 key as a private PEM file (what `openssl ecparam -genkey` writes).
std::string NewKeyFile(const std::string& name) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  BIO* pem = BIO_new(BIO_s_mem());
  EXPECT_EQ(PEM_write_bio_PrivateKey(pem, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(pem, &data);
  std::string path = WritePrivateFile(name, absl::string_view(data, static_cast<size_t>(size)));
  BIO_free(pem);
  EVP_PKEY_free(key);
  return path;
}

// A replica of one deployment: each cluster's gateway has its own port, so
// the issuer (by default the site URL) is set to one shared value.
std::unique_ptr<TgauthCluster> StartWithKeys(const std::string& key_files) {
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = {"--signing_key_file=" + key_files,
                                             "--issuer=https://auth.test",
                                             "--login_confirmation=false"}});
  EXPECT_TRUE(cluster.ok()) << cluster.status();
  return cluster.ok() ? *std::move(cluster) : nullptr;
}

std::unique_ptr<v1::AuthService::Stub> StubFor(const TgauthCluster& cluster) {
  return v1::AuthService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", cluster.grpc_port()), grpc::InsecureChannelCredentials()));
}

grpc::Status Validate(v1::AuthService::Stub& stub, const std::string& access_token) {
  grpc::ClientContext context;
  v1::ValidateAccessTokenRequest request;
  request.set_access_token(access_token);
  v1::ValidateAccessTokenResponse response;
  return stub.ValidateAccessToken(&context, request, &response);
}

v1::Session SignIn(TgauthCluster& cluster) {
  absl::StatusOr<v1::AwaitLoginResponse> signed_in =
      SignInWithQr(cluster, NewTelegramUser(), "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0");
  EXPECT_TRUE(signed_in.ok()) << signed_in.status();
  return signed_in.ok() ? signed_in->session() : v1::Session();
}

// The `kid` in a JWT's header.
std::string KidOf(const std::string& jwt) {
  std::vector<std::string> parts = absl::StrSplit(jwt, '.');
  std::string header;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(parts[0], &header));
  const size_t at = header.find("\"kid\":\"");
  return at == std::string::npos ? "" : header.substr(at + 7, 43);
}

class ReplicasTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& file : key_files_) std::remove(file.c_str());
  }
  std::string KeyFile(const std::string& name) {
    return key_files_.emplace_back(NewKeyFile(name));
  }

  std::vector<std::string> key_files_;
};

TEST_F(ReplicasTest, RevocationOnOneReplicaStopsTheTokensOnAnotherWithinOneSecond) {
  const std::string key = KeyFile("shared-key");
  std::unique_ptr<TgauthCluster> a = StartWithKeys(key);
  std::unique_ptr<TgauthCluster> b = StartWithKeys(key);
  ASSERT_TRUE(a != nullptr && b != nullptr);
  const v1::Session session = SignIn(*a);
  std::unique_ptr<v1::AuthService::Stub> on_a = StubFor(*a), on_b = StubFor(*b);
  grpc::Status before = Validate(*on_b, session.access_token());
  ASSERT_TRUE(before.ok()) << before.error_message();

  grpc::ClientContext context;
  v1::RevokeSessionRequest logout;
  logout.set_refresh_token(session.refresh_token());
  v1::RevokeSessionResponse revoked;
  ASSERT_TRUE(on_a->RevokeSession(&context, logout, &revoked).ok());
  EXPECT_EQ(Validate(*on_a, session.access_token()).error_code(), grpc::UNAUTHENTICATED);

  // By design, not by timing luck: a second after the commit, replica B
  // either has read the revocation or fails closed (its list is stale).
  absl::SleepFor(absl::Seconds(1));
  grpc::Status on_other_replica = Validate(*on_b, session.access_token());
  EXPECT_EQ(on_other_replica.error_code(), grpc::UNAUTHENTICATED)
      << on_other_replica.error_message();
  EXPECT_THAT(on_other_replica.error_message(), HasSubstr("the session has been revoked"));
}

TEST_F(ReplicasTest, AddingASigningKeyKeepsOldTokensValidAndDroppingItEndsThem) {
  const std::string old_key = KeyFile("old-key"), new_key = KeyFile("new-key");
  v1::Session old_session;
  {
    std::unique_ptr<TgauthCluster> before = StartWithKeys(old_key);
    ASSERT_NE(before, nullptr);
    old_session = SignIn(*before);
  }

  std::unique_ptr<TgauthCluster> rotated = StartWithKeys(old_key + "," + new_key);
  ASSERT_NE(rotated, nullptr);
  std::unique_ptr<v1::AuthService::Stub> stub = StubFor(*rotated);
  EXPECT_TRUE(Validate(*stub, old_session.access_token()).ok());
  grpc::ClientContext context;
  v1::GetJwksResponse jwks;
  ASSERT_TRUE(stub->GetJwks(&context, {}, &jwks).ok());
  ASSERT_EQ(jwks.keys_size(), 2);
  EXPECT_EQ(jwks.keys(1).kid(), KidOf(old_session.access_token()));
  const v1::Session new_session = SignIn(*rotated);
  EXPECT_EQ(KidOf(new_session.access_token()), jwks.keys(0).kid());  // The newest signs.
  rotated.reset();

  std::unique_ptr<TgauthCluster> after = StartWithKeys(new_key);
  ASSERT_NE(after, nullptr);
  stub = StubFor(*after);
  grpc::Status old_token = Validate(*stub, old_session.access_token());
  EXPECT_EQ(old_token.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_THAT(old_token.error_message(), HasSubstr("unknown kid"));
  EXPECT_TRUE(Validate(*stub, new_session.access_token()).ok());
}

}  // namespace
}  // namespace tgauth::e2e
