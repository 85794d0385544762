// GET /.well-known/jwks.json: the public keys that verify access tokens
// (RFC 7517 JWK Set), so services can check tokens without calling tgauth.
//
//   200 {"keys": [{"kty": "EC", "crv": "P-256", "x", "y", "kid", "use", "alg"}]}
//       (GetJwksResponse with proto field names), Cache-Control: public,
//       max-age=300 — short enough that a key rotation propagates quickly.
//   Errors are the server's, mapped by HttpStatusFromGrpcCode.
#ifndef TGAUTH_GATEWAY_JWKS_ROUTE_H_
#define TGAUTH_GATEWAY_JWKS_ROUTE_H_

#include <string_view>

#include "gateway/http_message.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr std::string_view kJwksPath = "/.well-known/jwks.json";

class JwksRoute {
 public:
  explicit JwksRoute(tgauth::v1::AuthService::StubInterface& stub) : stub_(stub) {}

  void Handle(const HttpRequest& request, Respond respond) const;

 private:
  tgauth::v1::AuthService::StubInterface& stub_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_JWKS_ROUTE_H_
