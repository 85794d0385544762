// gRPC between the gateway and the server over mutual TLS, with certificates
// made for the test: a whole QR sign-in works through it, and the server
// refuses clients that speak plaintext, show no certificate, or show one
// from a CA it does not trust.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/test_certificates.h"

namespace tgauth::e2e {
namespace {

class GrpcTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<fixtures::TestCertificates>> certificates =
        fixtures::TestCertificates::Create();
    ASSERT_TRUE(certificates.ok()) << certificates.status();
    certificates_ = certificates->release();
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster = TgauthCluster::Start(
        {.server_flags = {"--login_confirmation=false"}, .mutual_tls = certificates_});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = cluster->release();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    delete certificates_;
  }

  // A health check of the server by a client with `credentials`.
  static grpc::Status HealthCheck(const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
    auto stub = grpc::health::v1::Health::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", cluster_->grpc_port()), credentials));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckResponse response;
    return stub->Check(&context, {}, &response);
  }

  // TLS that trusts the test CA, showing `client` (or no certificate).
  static std::shared_ptr<grpc::ChannelCredentials> Tls(const fixtures::KeyPairFiles* client) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = certificates_->ca_pem();
    if (client != nullptr) {
      options.pem_cert_chain = client->certificate_pem;
      options.pem_private_key = client->key_pem;
    }
    return grpc::SslCredentials(options);
  }

  static fixtures::TestCertificates* certificates_;
  static TgauthCluster* cluster_;
};

fixtures::TestCertificates* GrpcTlsTest::certificates_ = nullptr;
TgauthCluster* GrpcTlsTest::cluster_ = nullptr;

TEST_F(GrpcTlsTest, QrSignInCompletesOverMutualTls) {
  absl::StatusOr<v1::AwaitLoginResponse> signed_in =
      SignInWithQr(*cluster_, NewTelegramUser(), "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_EQ(signed_in->state(), v1::LOGIN_STATE_CONFIRMED);
  EXPECT_FALSE(signed_in->session().access_token().empty());
}

TEST_F(GrpcTlsTest, ClientWithATrustedCertificateIsServed) {
  grpc::Status status = HealthCheck(Tls(&certificates_->client()));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(GrpcTlsTest, PlaintextClientIsRefused) {
  EXPECT_EQ(HealthCheck(grpc::InsecureChannelCredentials()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(GrpcTlsTest, ClientWithoutACertificateIsRefused) {
  EXPECT_EQ(HealthCheck(Tls(nullptr)).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(GrpcTlsTest, ClientWithACertificateFromAnUntrustedCaIsRefused) {
  EXPECT_EQ(HealthCheck(Tls(&certificates_->untrusted_client())).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace tgauth::e2e
