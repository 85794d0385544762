// An ES256 signing key (ECDSA on P-256 with SHA-256, RFC 7518 section 3.4)
// and its public half as a JWK (RFC 7517) named by its RFC 7638 thumbprint.
#ifndef TGAUTH_SERVER_TOKEN_SIGNING_KEY_H_
#define TGAUTH_SERVER_TOKEN_SIGNING_KEY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tgauth/v1/auth.pb.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace tgauth {

class SigningKey {
 public:
  // Reads a P-256 private key in PEM (PKCS#8 or SEC1, e.g. from
  // `openssl ecparam -genkey -name prime256v1 -noout`). INVALID_ARGUMENT if it
  // is not PEM or not a P-256 key; the message never quotes the key.
  static absl::StatusOr<std::unique_ptr<SigningKey>> FromPem(absl::string_view pem);

  // A fresh key from OpenSSL's CSPRNG (for local runs without a key file).
  static absl::StatusOr<std::unique_ptr<SigningKey>> Generate();

  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  // The JWS `kid`: the RFC 7638 JWK thumbprint, base64url (43 characters).
  const std::string& kid() const { return jwk_.kid(); }

  // The public key as a JWK with kty, crv, x, y, kid, use="sig", alg="ES256".
  const v1::JsonWebKey& public_jwk() const { return jwk_; }

  // The JWS signature of `signing_input`: R || S, 64 bytes (RFC 7518 3.4),
  // not DER. INTERNAL if OpenSSL fails.
  absl::StatusOr<std::string> Sign(absl::string_view signing_input) const;

  // The OpenSSL key, for verifying what it signed (see jwt_verifier.h).
  EVP_PKEY* evp_key() const { return key_; }

 private:
  SigningKey(EVP_PKEY* key, v1::JsonWebKey jwk) : key_(key), jwk_(std::move(jwk)) {}
  static absl::StatusOr<std::unique_ptr<SigningKey>> Adopt(EVP_PKEY* key);

  EVP_PKEY* key_;
  v1::JsonWebKey jwk_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_SIGNING_KEY_H_
