// Where an authorization request ends: the client's redirect URI carrying
// the response (RFC 6749 section 4.1.2, and section 4.1.2.1 for errors),
// and the authorization server's issuer (RFC 9207 section 2), so a client
// talking to several servers knows which one answered.
#ifndef TGAUTH_SERVER_OAUTH_AUTHORIZATION_RESPONSE_H_
#define TGAUTH_SERVER_OAUTH_AUTHORIZATION_RESPONSE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tgauth {

// `redirect_uri` (a registered one: server/oauth/redirect_uri.h, so it has
// no fragment) with code, state and iss added to its query, any query it
// already has kept (RFC 6749 section 3.1.2). `state` is omitted when empty
// (the client sent none). Values are form-urlencoded (RFC 6749 appendix B).
std::string AuthorizationCodeRedirect(absl::string_view redirect_uri, absl::string_view code,
                                      absl::string_view state, absl::string_view issuer);

// The same with error (one of RFC 6749 section 4.1.2.1's codes, or OpenID
// Connect Core 1.0 section 3.1.2.6's), error_description (omitted when
// empty), state and iss.
std::string AuthorizationErrorRedirect(absl::string_view redirect_uri, absl::string_view error,
                                       absl::string_view description, absl::string_view state,
                                       absl::string_view issuer);

// `post_logout_redirect_uri` (a registered one) with `state` added to its
// query, or as it is when `state` is empty (OpenID Connect RP-Initiated
// Logout 1.0 section 3).
std::string PostLogoutRedirect(absl::string_view post_logout_redirect_uri, absl::string_view state);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_AUTHORIZATION_RESPONSE_H_
