#include "server/token/signing_key.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"

namespace tgauth {
namespace {

constexpr int kCoordinateBytes = 32;  // P-256 field size.

std::string Base64Url(absl::string_view bytes) {
  std::string out;
  absl::WebSafeBase64Escape(bytes, &out);
  return out;
}

// The uncompressed public point 0x04 || X || Y, split into X and Y.
absl::Status ExportPublicPoint(EVP_PKEY* key, std::string* x, std::string* y) {
  unsigned char point[1 + 2 * kCoordinateBytes];
  size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len) !=
          1 ||
      len != sizeof point || point[0] != 0x04) {
    return absl::InternalError("cannot export the public key");
  }
  const char* p = reinterpret_cast<const char*>(point);
  *x = std::string(p + 1, kCoordinateBytes);
  *y = std::string(p + 1 + kCoordinateBytes, kCoordinateBytes);
  return absl::OkStatus();
}

bool IsP256(EVP_PKEY* key) {
  char group[64];
  size_t len = 0;
  return EVP_PKEY_get_base_id(key) == EVP_PKEY_EC &&
         EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                        &len) == 1 &&
         absl::string_view(group, len) == "prime256v1";
}

}  // namespace

absl::StatusOr<std::unique_ptr<SigningKey>> SigningKey::Adopt(EVP_PKEY* key) {
  if (!IsP256(key)) {
    EVP_PKEY_free(key);
    return absl::InvalidArgumentError("signing key must be an EC P-256 (prime256v1) key");
  }
  std::string x, y;
  if (absl::Status s = ExportPublicPoint(key, &x, &y); !s.ok()) {
    EVP_PKEY_free(key);
    return s;
  }
  v1::JsonWebKey jwk;
  jwk.set_kty("EC");
  jwk.set_crv("P-256");
  jwk.set_x(Base64Url(x));
  jwk.set_y(Base64Url(y));
  jwk.set_use("sig");
  jwk.set_alg("ES256");
  // RFC 7638 section 3.2: the required members in lexicographic order, no
  // whitespace; x and y are base64url, so they need no JSON escaping.
  jwk.set_kid(Base64Url(Sha256(absl::StrCat(R"({"crv":"P-256","kty":"EC","x":")", jwk.x(),
                                            R"(","y":")", jwk.y(), R"("})"))));
  return std::unique_ptr<SigningKey>(new SigningKey(key, std::move(jwk)));
}

absl::StatusOr<std::unique_ptr<SigningKey>> SigningKey::FromPem(absl::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return absl::InternalError("out of memory");
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) {
    return absl::InvalidArgumentError("signing key file does not hold a PEM private key");
  }
  return Adopt(key);
}

absl::StatusOr<std::unique_ptr<SigningKey>> SigningKey::Generate() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) return absl::InternalError("cannot generate a P-256 key");
  return Adopt(key);
}

SigningKey::~SigningKey() { EVP_PKEY_free(key_); }

absl::StatusOr<std::string> SigningKey::Sign(absl::string_view signing_input) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char der[80];  // A DER ECDSA-Sig-Value for P-256 is at most 72 bytes.
  size_t der_len = sizeof der;
  const bool signed_ok =
      ctx != nullptr && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_) == 1 &&
      EVP_DigestSign(ctx, der, &der_len,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!signed_ok) return absl::InternalError("ES256 signing failed");

  // JWS wants the fixed-width R || S form, not DER (RFC 7518 section 3.4).
  const unsigned char* p = der;
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len));
  if (sig == nullptr) return absl::InternalError("ES256 signature is not DER");
  unsigned char raw[2 * kCoordinateBytes];
  const bool converted =
      BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, kCoordinateBytes) == kCoordinateBytes &&
      BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + kCoordinateBytes, kCoordinateBytes) ==
          kCoordinateBytes;
  ECDSA_SIG_free(sig);
  if (!converted) return absl::InternalError("ES256 signature has an oversized component");
  return std::string(reinterpret_cast<const char*>(raw), sizeof raw);
}

}  // namespace tgauth
