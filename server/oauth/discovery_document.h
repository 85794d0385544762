// The OpenID Provider metadata tgauth publishes at
// /.well-known/openid-configuration (OpenID Connect Discovery 1.0 section 3):
// where its keys are and what its access tokens carry, so a stock JWT
// library can verify them. It lists only what is served: no endpoint, grant
// or authentication method that does not exist.
#ifndef TGAUTH_SERVER_OAUTH_DISCOVERY_DOCUMENT_H_
#define TGAUTH_SERVER_OAUTH_DISCOVERY_DOCUMENT_H_

#include "absl/strings/string_view.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

// `issuer` is the tokens' `iss`; the JWKS is served at
// <site_url>/.well-known/jwks.json (a trailing '/' of `site_url` is ignored).
v1::OpenIdConfiguration DiscoveryDocument(absl::string_view issuer, absl::string_view site_url);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_DISCOVERY_DOCUMENT_H_
