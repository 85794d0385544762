// The well-known documents internal services point their JWT library at, so
// they verify access tokens without calling tgauth. Both are public and
// cacheable (Cache-Control: public, max-age=300 — short enough that a key
// rotation propagates quickly), and printed with the proto field names
// (snake_case), which is what RFC 7517 and OpenID Connect Discovery name them.
//
//   GET /.well-known/jwks.json (RFC 7517 JWK Set)
//     200 {"keys": [{"kty": "EC", "crv": "P-256", "x", "y", "kid", "use", "alg"}]}
//   GET /.well-known/openid-configuration (OpenID Connect Discovery 1.0, section 3)
//   GET /.well-known/oauth-authorization-server (RFC 8414 section 3, the same document)
//     200 {"issuer", "authorization_endpoint", "token_endpoint", "jwks_uri",
//          "response_types_supported": ["code"], "grant_types_supported",
//          "code_challenge_methods_supported": ["S256"], "scopes_supported",
//          "token_endpoint_auth_methods_supported",
//          "id_token_signing_alg_values_supported": ["ES256"],
//          "subject_types_supported": ["public"], "claims_supported", ...}
//          (empty lists omitted)
//   Errors are the server's, mapped by HttpStatusFromGrpcCode.
#ifndef TGAUTH_GATEWAY_WELL_KNOWN_ROUTES_H_
#define TGAUTH_GATEWAY_WELL_KNOWN_ROUTES_H_

#include "absl/strings/string_view.h"
#include "gateway/http_message.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kJwksPath = "/.well-known/jwks.json";
inline constexpr absl::string_view kOpenIdConfigurationPath = "/.well-known/openid-configuration";
inline constexpr absl::string_view kAuthorizationServerMetadataPath =
    "/.well-known/oauth-authorization-server";

class WellKnownRoutes {
 public:
  explicit WellKnownRoutes(tgauth::v1::AuthService::StubInterface& stub) : stub_(stub) {}

  void Jwks(const HttpRequest& request, Respond respond) const;
  void OpenIdConfiguration(const HttpRequest& request, Respond respond) const;

 private:
  tgauth::v1::AuthService::StubInterface& stub_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_WELL_KNOWN_ROUTES_H_
