#include "server/oauth/client_settings.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/oauth/client_id.h"
#include "server/oauth/redirect_uri.h"
#include "server/oauth/scopes.h"

namespace tgauth {
namespace {

// Each of `uris` (the list called `field`) by ValidateRedirectUri, at most
// kMaxClientUris and no repeats; at least one if `required`.
absl::Status ValidateUriList(absl::string_view field, const std::vector<std::string>& uris,
                             bool required) {
  if (required && uris.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must have at least one URI"));
  }
  if (uris.size() > kMaxClientUris) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must have at most ", kMaxClientUris, " URIs"));
  }
  for (size_t i = 0; i < uris.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    if (absl::Status s = ValidateRedirectUri(item, uris[i]); !s.ok()) return s;
    if (std::find(uris.begin(), uris.begin() + i, uris[i]) != uris.begin() + i) {
      return absl::InvalidArgumentError(absl::StrCat(item, " repeats an earlier URI"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateClientSettings(const OAuthClientSettings& settings) {
  if (absl::Status s = ValidateClientName(settings.name); !s.ok()) return s;
  if (absl::Status s = ValidateUriList("redirect_uris", settings.redirect_uris, true); !s.ok()) {
    return s;
  }
  if (absl::Status s =
          ValidateUriList("post_logout_redirect_uris", settings.post_logout_redirect_uris, false);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateAllowedScopes(settings.allowed_scopes); !s.ok()) return s;
  if (!settings.backchannel_logout_uri.empty()) {
    return ValidateRedirectUri("backchannel_logout_uri", settings.backchannel_logout_uri);
  }
  return absl::OkStatus();
}

std::vector<std::string> ScopesToStore(const OAuthClientSettings& settings) {
  return settings.allowed_scopes.empty() ? AllSupportedScopes() : settings.allowed_scopes;
}

void ApplySettings(const OAuthClientSettings& settings, storage::OAuthClient& client) {
  client.name = settings.name;
  client.redirect_uris = settings.redirect_uris;
  client.post_logout_redirect_uris = settings.post_logout_redirect_uris;
  client.allowed_scopes = ScopesToStore(settings);
  client.backchannel_logout_uri = settings.backchannel_logout_uri;
  client.may_introspect_any = settings.may_introspect_any;
}

}  // namespace tgauth
