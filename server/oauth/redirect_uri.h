// Redirect URIs an OAuth client may register (RFC 6749 section 3.1.2), and
// how a request's redirect_uri is matched against them. The same rules hold
// for post-logout redirect URIs (OpenID Connect RP-Initiated Logout 1.0
// section 3) and the back-channel logout URI (OpenID Connect Back-Channel
// Logout 1.0 section 2.2).
#ifndef TGAUTH_SERVER_OAUTH_REDIRECT_URI_H_
#define TGAUTH_SERVER_OAUTH_REDIRECT_URI_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tgauth {

// Longest URI accepted, in bytes.
inline constexpr size_t kMaxRedirectUriBytes = 2048;

// OK if `uri` may be registered: RFC 3986's syntax, checked by uriparser,
// then tgauth's rules: an absolute URI (RFC 3986 section 4.3)
// of at most kMaxRedirectUriBytes, only characters RFC 3986 allows (others
// percent-encoded), no fragment (RFC 6749 section 3.1.2), no user
// information, a host that is a DNS name or an IP literal and an optional
// port 1-65535; scheme "https", or "http" only for the loopback addresses
// 127.0.0.1 and [::1] (RFC 8252 sections 7.3 and 8.3: a native app's
// redirect that never leaves the device). Else INVALID_ARGUMENT whose
// message starts with `field` (e.g. "redirect_uris[1]") and says why.
absl::Status ValidateRedirectUri(absl::string_view field, absl::string_view uri);

// True if `requested` is byte for byte one of `registered` (RFC 6749
// section 3.1.2.3 and OAuth 2.1: simple string comparison, no
// normalisation, no prefix or pattern matching).
bool RedirectUriMatches(const std::vector<std::string>& registered, absl::string_view requested);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_REDIRECT_URI_H_
