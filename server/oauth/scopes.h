// The scopes tgauth grants to OAuth clients (RFC 6749 section 3.3): this is
// the one list of them (the discovery document's scopes_supported and the
// authorization endpoint read it too).
#ifndef TGAUTH_SERVER_OAUTH_SCOPES_H_
#define TGAUTH_SERVER_OAUTH_SCOPES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tgauth {

// "openid": an OpenID Connect request, answered with an ID token (OpenID
// Connect Core 1.0 section 3.1.2.1). "profile": the name,
// preferred_username and picture claims (section 5.4).
inline constexpr absl::string_view kSupportedScopes[] = {"openid", "profile"};

bool IsSupportedScope(absl::string_view scope);

// Every supported scope, in kSupportedScopes' order: what a client may ask
// for when its registration names none.
std::vector<std::string> AllSupportedScopes();

// INVALID_ARGUMENT naming field "allowed_scopes" if a scope is not
// supported or appears twice.
absl::Status ValidateAllowedScopes(const std::vector<std::string>& scopes);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_SCOPES_H_
