// What an OAuth client is called: its client_id (RFC 6749 section 2.2),
// which names it in every request and never changes, and its name, which
// tgauth shows to the user who signs in to it.
#ifndef TGAUTH_SERVER_OAUTH_CLIENT_ID_H_
#define TGAUTH_SERVER_OAUTH_CLIENT_ID_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tgauth {

// True if `client_id` matches ^[a-z0-9][a-z0-9_-]{0,63}$: 1-64 bytes, safe in
// a URL query, a log line and HTTP Basic credentials without escaping (the
// oauth_clients table checks the same pattern).
bool IsValidClientId(absl::string_view client_id);

// INVALID_ARGUMENT naming field "client_id" unless IsValidClientId.
absl::Status ValidateClientId(absl::string_view client_id);

// INVALID_ARGUMENT naming field "name" unless `name` is 1-64 characters
// (Unicode code points of UTF-8 text, as PostgreSQL's length() counts them)
// without control characters: it is shown in the bot and on the pages.
absl::Status ValidateClientName(absl::string_view name);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_CLIENT_ID_H_
