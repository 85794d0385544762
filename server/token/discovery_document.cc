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
  // `sub` is the tgauth user id, the same for every client (OpenID Connect
  // Core 1.0 section 8, "public").
  doc.add_subject_types_supported("public");
  // No grant and no token endpoint authentication method is listed: there is
  // no token endpoint, and a client that reads one tries to use it.
  for (const char* claim : {"iss", "aud", "sub", "sid", "iat", "exp", "telegram_id", "tier"}) {
    doc.add_claims_supported(claim);
  }
  return doc;
}

}  // namespace tgauth
