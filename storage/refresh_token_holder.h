// Who presents a refresh token to SessionStore::Refresh or RotateCurrent: a
// refresh token is bound to the client it was issued to (RFC 6749 section
// 6: the server must "validate the refresh token and ensure that it was
// issued to the authenticated client"), and a refresh may narrow the scope
// but never exceed the original grant. The store checks both under the
// session's lock, before its `decide` runs or anything rotates.
#ifndef TGAUTH_STORAGE_REFRESH_TOKEN_HOLDER_H_
#define TGAUTH_STORAGE_REFRESH_TOKEN_HOLDER_H_

#include <string>

#include "absl/status/status.h"
#include "storage/session_records.h"

namespace tgauth::storage {

// The message of the PERMISSION_DENIED for a token of another holder's
// session.
inline constexpr char kOtherHolderMessage[] = "the refresh token was not issued to this client";

struct RefreshTokenHolder {
  // tgauth's own routes: first-party sessions only (client_id empty).
  static RefreshTokenHolder FirstParty() { return {}; }
  // The OAuth client `client_id`, asking for `scope` (space-separated scope
  // tokens; empty: the scope as granted).
  static RefreshTokenHolder Client(std::string client_id, std::string scope = "") {
    return {std::move(client_id), std::move(scope)};
  }

  std::string client_id;  // Empty: first-party.
  std::string scope;      // Each token must be in the session's scope.
};

// OK if `session` is `holder`'s and grants every scope token it asks for;
// PERMISSION_DENIED (kOtherHolderMessage) if the session belongs to another
// client (or is first-party and the holder a client, or the reverse);
// OUT_OF_RANGE if a requested scope token was not granted.
absl::Status CheckHolder(const RefreshTokenHolder& holder, const SessionRecord& session);

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REFRESH_TOKEN_HOLDER_H_
