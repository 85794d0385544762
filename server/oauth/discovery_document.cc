#include "server/oauth/discovery_document.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/oauth/scopes.h"

namespace tgauth {

v1::OpenIdConfiguration DiscoveryDocument(absl::string_view issuer, absl::string_view site_url) {
  v1::OpenIdConfiguration doc;
  doc.set_issuer(std::string(issuer));
  doc.set_jwks_uri(absl::StrCat(absl::StripSuffix(site_url, "/"), "/.well-known/jwks.json"));
  doc.add_id_token_signing_alg_values_supported("ES256");
  // `sub` is the tgauth user id, the same for every client (OpenID Connect
  // Core 1.0 section 8, "public").
  doc.add_subject_types_supported("public");
  // The authorization code flow with PKCE and its refresh tokens, and
  // nothing else (OAuth 2.1): no implicit or hybrid response type, no
  // password grant.
  const absl::string_view site = absl::StripSuffix(site_url, "/");
  doc.set_authorization_endpoint(absl::StrCat(site, "/oauth2/authorize"));
  doc.set_token_endpoint(absl::StrCat(site, "/oauth2/token"));
  doc.set_userinfo_endpoint(absl::StrCat(site, "/oauth2/userinfo"));
  doc.set_revocation_endpoint(absl::StrCat(site, "/oauth2/revoke"));
  doc.set_end_session_endpoint(absl::StrCat(site, "/oauth2/logout"));
  doc.set_backchannel_logout_supported(true);
  doc.set_backchannel_logout_session_supported(true);
  doc.add_response_types_supported("code");
  doc.add_response_modes_supported("query");
  doc.add_grant_types_supported("authorization_code");
  doc.add_grant_types_supported("refresh_token");  // RFC 6749 section 6.
  for (absl::string_view scope : kSupportedScopes) doc.add_scopes_supported(std::string(scope));
  doc.add_code_challenge_methods_supported("S256");
  // RFC 6749 section 2.3.1; "none" for public clients, which prove
  // themselves with PKCE alone.
  for (const char* method : {"client_secret_basic", "client_secret_post", "none"}) {
    doc.add_token_endpoint_auth_methods_supported(method);
    doc.add_revocation_endpoint_auth_methods_supported(method);
  }
  // RFC 7662 section 2.1: introspection needs an authenticated client.
  doc.set_introspection_endpoint(absl::StrCat(site, "/oauth2/introspect"));
  for (const char* method : {"client_secret_basic", "client_secret_post"}) {
    doc.add_introspection_endpoint_auth_methods_supported(method);
  }
  doc.set_authorization_response_iss_parameter_supported(true);
  for (const char* claim : {"iss", "aud", "sub", "sid", "iat", "exp", "auth_time", "nonce", "name",
                            "preferred_username", "picture", "telegram_id", "tier"}) {
    doc.add_claims_supported(claim);
  }
  return doc;
}

}  // namespace tgauth
