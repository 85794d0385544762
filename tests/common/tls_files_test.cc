#include "common/tls_files.h"

#include <sys/stat.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/fixtures/test_certificates.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

class TlsFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<fixtures::TestCertificates>> made =
        fixtures::TestCertificates::Create();
    ASSERT_TRUE(made.ok()) << made.status();
    certificates_ = *std::move(made);
  }
  std::unique_ptr<fixtures::TestCertificates> certificates_;
};

TEST_F(TlsFilesTest, ReadsAChainItsKeyAndACa) {
  const fixtures::KeyPairFiles& server = certificates_->server();
  absl::StatusOr<TlsPems> pems = ReadTlsFiles({.certificate_chain = server.certificate_file,
                                               .private_key = server.key_file,
                                               .ca = certificates_->ca_file()});
  ASSERT_TRUE(pems.ok()) << pems.status();
  EXPECT_EQ(pems->certificate_chain, server.certificate_pem);
  EXPECT_EQ(pems->private_key, server.key_pem);
  EXPECT_EQ(pems->ca, certificates_->ca_pem());
}

TEST_F(TlsFilesTest, FilesNotGivenAreEmpty) {
  absl::StatusOr<TlsPems> pems = ReadTlsFiles({.ca = certificates_->ca_file()});
  ASSERT_TRUE(pems.ok()) << pems.status();
  EXPECT_EQ(pems->certificate_chain, "");
  EXPECT_EQ(pems->private_key, "");
}

TEST_F(TlsFilesTest, KeyOfAnotherCertificateIsInvalidArgument) {
  absl::Status s = ReadTlsFiles({.certificate_chain = certificates_->server().certificate_file,
                                 .private_key = certificates_->client().key_file})
                       .status();
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  EXPECT_THAT(s.message(), HasSubstr("is not the key of the certificate"));
}

TEST_F(TlsFilesTest, KeyOthersCanReadIsFailedPrecondition) {
  const fixtures::KeyPairFiles& server = certificates_->server();
  ASSERT_EQ(chmod(server.key_file.c_str(), 0644), 0);
  absl::Status s =
      ReadTlsFiles({.certificate_chain = server.certificate_file, .private_key = server.key_file})
          .status();
  EXPECT_TRUE(absl::IsFailedPrecondition(s)) << s;
}

TEST_F(TlsFilesTest, CertificateFileWithoutACertificateIsInvalidArgument) {
  absl::Status s = ReadTlsFiles({.ca = certificates_->server().key_file}).status();
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  EXPECT_THAT(s.message(), HasSubstr("holds no PEM certificate"));
}

TEST_F(TlsFilesTest, KeyFileWithoutAKeyIsInvalidArgument) {
  const std::string not_a_key = absl::StrCat(certificates_->dir(), "/server.crt.copy");
  ASSERT_EQ(std::system(absl::StrCat("install -m 600 ", certificates_->server().certificate_file,
                                     " ", not_a_key)
                            .c_str()),
            0);
  absl::Status s = ReadTlsFiles({.certificate_chain = certificates_->server().certificate_file,
                                 .private_key = not_a_key})
                       .status();
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  EXPECT_THAT(s.message(), HasSubstr("holds no unencrypted PEM private key"));
}

TEST_F(TlsFilesTest, MissingFileIsNotFound) {
  absl::Status s = ReadTlsFiles({.ca = "/nonexistent/ca.crt"}).status();
  EXPECT_TRUE(absl::IsNotFound(s)) << s;
}

}  // namespace
}  // namespace tgauth
