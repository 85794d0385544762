#include "common/tls_files.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/secret_file.h"

namespace tgauth {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct CertificateDeleter {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

std::unique_ptr<BIO, BioDeleter> ReadOnlyBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioDeleter>(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate in `pem`, or null.
std::unique_ptr<X509, CertificateDeleter> FirstCertificate(const std::string& pem) {
  std::unique_ptr<BIO, BioDeleter> bio = ReadOnlyBio(pem);
  return std::unique_ptr<X509, CertificateDeleter>(
      bio == nullptr ? nullptr : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

// A certificate file: readable, not secret, holding a PEM certificate.
absl::StatusOr<std::string> ReadCertificates(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream contents;
  contents << in.rdbuf();
  if (FirstCertificate(contents.str()) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(path, " holds no PEM certificate"));
  }
  return contents.str();
}

absl::Status CheckKeyMatches(const TlsFiles& files, const TlsPems& pems) {
  std::unique_ptr<BIO, BioDeleter> bio = ReadOnlyBio(pems.private_key);
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(
      bio == nullptr ? nullptr : PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(files.private_key, " holds no unencrypted PEM private key"));
  }
  std::unique_ptr<X509, CertificateDeleter> certificate = FirstCertificate(pems.certificate_chain);
  if (X509_check_private_key(certificate.get(), key.get()) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("the private key in ", files.private_key,
                                                   " is not the key of the certificate in ",
                                                   files.certificate_chain));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TlsPems> ReadTlsFiles(const TlsFiles& files) {
  TlsPems pems;
  if (!files.certificate_chain.empty()) {
    absl::StatusOr<std::string> chain = ReadCertificates(files.certificate_chain);
    if (!chain.ok()) return chain.status();
    pems.certificate_chain = *std::move(chain);
  }
  if (!files.ca.empty()) {
    absl::StatusOr<std::string> ca = ReadCertificates(files.ca);
    if (!ca.ok()) return ca.status();
    pems.ca = *std::move(ca);
  }
  if (!files.private_key.empty()) {
    absl::StatusOr<std::string> key = ReadSecretFile(files.private_key);
    if (!key.ok()) return key.status();
    pems.private_key = *std::move(key);
    if (!pems.certificate_chain.empty()) {
      if (absl::Status s = CheckKeyMatches(files, pems); !s.ok()) return s;
    }
  }
  return pems;
}

}  // namespace tgauth
