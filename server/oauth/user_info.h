// The UserInfo endpoint (OpenID Connect Core 1.0 section 5.3): the claims
// about the person an access token was issued for, as far as its session's
// scope allows (section 5.4: `profile` releases name, preferred_username
// and picture). A session with tgauth itself (no OAuth client) sees them
// all, as GetMe does.
#ifndef TGAUTH_SERVER_OAUTH_USER_INFO_H_
#define TGAUTH_SERVER_OAUTH_USER_INFO_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/session/user_directory.h"
#include "server/token/access_token_signer.h"
#include "server/token/id_token_signer.h"
#include "storage/session_store.h"

namespace tgauth {

struct UserInfoClaims {
  std::string subject;  // `sub`: tgauth's user id.
  int64_t telegram_id = 0;
  std::optional<IdTokenProfile> profile;  // With the `profile` scope.
};

// The profile claims of `profile` (name: first and last name as Telegram
// shows them), shared with ID tokens so both say the same.
IdTokenProfile ProfileClaims(const storage::TelegramProfile& profile);

// True if the space-separated `scope` holds `wanted`.
bool HasScope(absl::string_view scope, absl::string_view wanted);

class UserInfoEndpoint {
 public:
  // References must outlive the endpoint.
  UserInfoEndpoint(storage::SessionStore& sessions, UserDirectory& users)
      : sessions_(sessions), users_(users) {}

  // The claims for access token `token` (already validated: signature,
  // expiry, not revoked; AccessTokenValidator::ValidateIssued). An OAuth
  // client's RFC 9068 token releases what its own `scope` claim holds (a
  // refresh may have narrowed it: RFC 6749 section 6); a first-party token
  // of a client's session (issued before RFC 9068 tokens) what the session
  // was granted. PERMISSION_DENIED if that scope lacks `openid` (RFC 6750
  // section 3.1's insufficient_scope); UNAUTHENTICATED if the session is
  // gone, not the user's or not the token's client's; NOT_FOUND if the user
  // was erased; UNAVAILABLE.
  absl::StatusOr<UserInfoClaims> Claims(const AccessTokenClaims& token);

 private:
  storage::SessionStore& sessions_;
  UserDirectory& users_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_USER_INFO_H_
