#include "server/oauth/user_info.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace tgauth {

IdTokenProfile ProfileClaims(const storage::TelegramProfile& profile) {
  std::vector<absl::string_view> names;
  if (!profile.first_name.empty()) names.push_back(profile.first_name);
  if (!profile.last_name.empty()) names.push_back(profile.last_name);
  return {.name = absl::StrJoin(names, " "),
          .preferred_username = profile.username,
          .picture = profile.photo_url};
}

bool HasScope(absl::string_view scope, absl::string_view wanted) {
  for (absl::string_view token : absl::StrSplit(scope, ' ', absl::SkipEmpty())) {
    if (token == wanted) return true;
  }
  return false;
}

absl::StatusOr<UserInfoClaims> UserInfoEndpoint::Claims(const AccessTokenClaims& token) {
  absl::StatusOr<storage::SessionRecord> session = sessions_.Get(token.session_id);
  if (absl::IsNotFound(session.status()) ||
      (session.ok() && (session->user_id != token.user_id ||
                        (!token.client_id.empty() && session->client_id != token.client_id)))) {
    return absl::UnauthenticatedError("the access token's session is gone");
  }
  if (!session.ok()) return session.status();
  const bool first_party = session->client_id.empty();
  const std::string& scope = token.client_id.empty() ? session->scope : token.scope;
  if (!first_party && !HasScope(scope, "openid")) {
    return absl::PermissionDeniedError("the access token was not granted the openid scope");
  }
  absl::StatusOr<storage::UserRecord> user = users_.Find(token.user_id);
  if (!user.ok()) return user.status();
  UserInfoClaims claims{.subject = user->id, .telegram_id = user->profile.telegram_id};
  if (first_party || HasScope(scope, "profile")) {
    claims.profile = ProfileClaims(user->profile);
  }
  return claims;
}

}  // namespace tgauth
