#include "server/token/jwt_verifier.h"

#include <google/protobuf/util/json_util.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tgauth {
namespace {

constexpr int kCoordinateBytes = 32;

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("invalid token: ", why));
}

absl::StatusOr<google::protobuf::Struct> DecodeJsonPart(absl::string_view part) {
  std::string json;
  if (!absl::WebSafeBase64Unescape(part, &json)) return Unauthenticated("part is not base64url");
  google::protobuf::Struct object;
  if (!google::protobuf::util::JsonStringToMessage(json, &object).ok()) {
    return Unauthenticated("part is not a JSON object");
  }
  return object;
}

std::string StringField(const google::protobuf::Struct& object, const char* name) {
  auto it = object.fields().find(name);
  return it == object.fields().end() ? "" : it->second.string_value();
}

// An EVP_PKEY for the P-256 public point (x, y) of a JWK.
absl::StatusOr<EVP_PKEY*> PublicKeyFromJwk(const v1::JsonWebKey& jwk) {
  std::string x, y;
  if (jwk.kty() != "EC" || jwk.crv() != "P-256" || !absl::WebSafeBase64Unescape(jwk.x(), &x) ||
      !absl::WebSafeBase64Unescape(jwk.y(), &y) || x.size() != kCoordinateBytes ||
      y.size() != kCoordinateBytes) {
    return absl::InternalError("JWKS entry is not a P-256 key");
  }
  std::string point = absl::StrCat("\x04", x, y);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>("prime256v1"),
                                       0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
      OSSL_PARAM_construct_end()};
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  const bool ok = ctx != nullptr && EVP_PKEY_fromdata_init(ctx) == 1 &&
                  EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) return absl::InternalError("JWKS entry is not a valid P-256 point");
  return key;
}

// R || S (RFC 7518 3.4) to the DER form OpenSSL verifies.
absl::StatusOr<std::string> RawSignatureToDer(absl::string_view raw) {
  if (raw.size() != 2 * kCoordinateBytes) return Unauthenticated("ES256 signature has wrong size");
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes, kCoordinateBytes, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + kCoordinateBytes, kCoordinateBytes, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    ECDSA_SIG_free(sig);
    BN_free(r);
    BN_free(s);
    return absl::InternalError("out of memory");
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (len <= 0) return absl::InternalError("cannot encode signature");
  std::string out(reinterpret_cast<const char*>(der), len);
  OPENSSL_free(der);
  return out;
}

}  // namespace

absl::StatusOr<VerifiedJwt> VerifyEs256Jwt(
    absl::string_view token, absl::FunctionRef<EVP_PKEY*(absl::string_view kid)> key_for_kid) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("not a compact JWS (three parts)");
  VerifiedJwt jwt;
  absl::StatusOr<google::protobuf::Struct> header = DecodeJsonPart(parts[0]);
  if (!header.ok()) return header.status();
  if (StringField(*header, "alg") != "ES256") return Unauthenticated("alg is not ES256");
  EVP_PKEY* key = key_for_kid(StringField(*header, "kid"));
  if (key == nullptr) return Unauthenticated("unknown kid");
  absl::StatusOr<google::protobuf::Struct> claims = DecodeJsonPart(parts[1]);
  if (!claims.ok()) return claims.status();

  std::string raw_signature;
  if (!absl::WebSafeBase64Unescape(parts[2], &raw_signature)) {
    return Unauthenticated("signature is not base64url");
  }
  absl::StatusOr<std::string> der = RawSignatureToDer(raw_signature);
  if (!der.ok()) return der.status();

  const absl::string_view signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool valid =
      ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(der->data()), der->size(),
                       reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!valid) return Unauthenticated("signature does not verify");
  jwt.header = *std::move(header);
  jwt.claims = *std::move(claims);
  return jwt;
}

absl::StatusOr<VerifiedJwt> VerifyEs256Jwt(absl::string_view token,
                                           const v1::GetJwksResponse& jwks) {
  // Keys are loaded lazily, only for a `kid` the JWK Set has.
  std::vector<EVP_PKEY*> loaded;
  absl::Status load_error;
  absl::StatusOr<VerifiedJwt> jwt = VerifyEs256Jwt(token, [&](absl::string_view kid) -> EVP_PKEY* {
    for (const v1::JsonWebKey& jwk : jwks.keys()) {
      if (jwk.kid() != kid) continue;
      absl::StatusOr<EVP_PKEY*> key = PublicKeyFromJwk(jwk);
      if (!key.ok()) {
        load_error = key.status();
        return nullptr;
      }
      loaded.push_back(*key);
      return *key;
    }
    return nullptr;
  });
  for (EVP_PKEY* key : loaded) EVP_PKEY_free(key);
  if (!load_error.ok()) return load_error;
  return jwt;
}

}  // namespace tgauth
