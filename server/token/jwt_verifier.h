// Verification of ES256 JWTs against a JWK Set (RFC 7515, 7517, 7518, 7519):
// what an internal service does with tgauth's access tokens.
#ifndef TGAUTH_SERVER_TOKEN_JWT_VERIFIER_H_
#define TGAUTH_SERVER_TOKEN_JWT_VERIFIER_H_

#include <google/protobuf/struct.pb.h>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tgauth/v1/auth.pb.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace tgauth {

struct VerifiedJwt {
  google::protobuf::Struct header;
  google::protobuf::Struct claims;
};

// Checks the token's shape, that its `alg` is ES256, that its `kid` names a
// key in `jwks`, and its signature. Does NOT check exp/iss/aud: the caller
// decides those. UNAUTHENTICATED with a precise message on any failure.
absl::StatusOr<VerifiedJwt> VerifyEs256Jwt(absl::string_view token,
                                           const v1::GetJwksResponse& jwks);

// The same, with the keys already loaded: `key_for_kid` returns the P-256
// public (or private) key named by a `kid`, or nullptr for an unknown one.
absl::StatusOr<VerifiedJwt> VerifyEs256Jwt(
    absl::string_view token, absl::FunctionRef<EVP_PKEY*(absl::string_view kid)> key_for_kid);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_TOKEN_JWT_VERIFIER_H_
