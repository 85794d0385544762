#include "server/token/discovery_document.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace tgauth {

v1::OpenIdConfiguration DiscoveryDocument(absl::string_view issuer, absl::string_view site_url) {
  v1::OpenIdConfiguration doc;
  doc.set_issuer(std::string(issuer));
  doc.set_jwks_uri(absl::StrCat(absl::StripSuffix(site_url, "/"), "/.well-known/jwks.json"));
  doc.add_id_token_signing_alg_values_supported("ES256");
  doc.add_token_endpoint_auth_methods_supported("none");
  doc.add_grant_types_supported("refresh_token");
  for (const char* claim : {"iss", "aud", "sub", "sid", "iat", "exp", "telegram_id", "tier"}) {
    doc.add_claims_supported(claim);
  }
  return doc;
}

}  // namespace tgauth
