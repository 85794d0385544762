// The session RPCs' handlers (unary_call.h): refresh token rotation, logout,
// the caller's sessions and user. Each converts protos and calls the session
// domain, which blocks on PostgreSQL and Redis: run them on the executor.
// Each fills the response only when it returns OK.
#ifndef TGAUTH_SERVER_RPC_SESSION_RPCS_H_
#define TGAUTH_SERVER_RPC_SESSION_RPCS_H_

#include "absl/status/status.h"
#include "server/rpc/call_origin.h"
#include "server/session/session_manager.h"
#include "server/session/session_refresher.h"
#include "server/session/user_directory.h"
#include "server/token/access_token_validator.h"
#include "storage/oauth_client_store.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class SessionRpcs {
 public:
  // References must outlive the handler.
  SessionRpcs(SessionRefresher& refresher, SessionManager& sessions, UserDirectory& users,
              storage::OAuthClientStore& oauth_clients)
      : refresher_(refresher), sessions_(sessions), users_(users), oauth_clients_(oauth_clients) {}

  // Refresh token rotation, failures limited per address of `origin`
  // (DeviceFromProto); the statuses of SessionRefresher::Refresh.
  absl::Status RefreshSession(const CallOrigin& origin, const v1::RefreshSessionRequest& request,
                              v1::RefreshSessionResponse* response);

  // Logout by refresh token (SessionManager::RevokeByRefreshToken), which
  // needs no access token; unknown tokens limited per address of `origin`.
  // INVALID_ARGUMENT if the request names no session. A request naming a
  // session_id goes to RevokeOwnSession.
  absl::Status RevokeSession(const CallOrigin& origin, const v1::RevokeSessionRequest& request,
                             v1::RevokeSessionResponse* response);
  // Logout of the caller's session `session_id` (SessionManager::RevokeOwn).
  absl::Status RevokeOwnSession(const AccessTokenClaims& caller,
                                const v1::RevokeSessionRequest& request,
                                v1::RevokeSessionResponse* response);

  // The caller's active sessions, theirs marked current; UNAVAILABLE.
  absl::Status ListSessions(const AccessTokenClaims& caller, const v1::ListSessionsRequest& request,
                            v1::ListSessionsResponse* response);
  // Revokes every session of the caller but theirs; UNAVAILABLE.
  absl::Status RevokeOtherSessions(const AccessTokenClaims& caller,
                                   const v1::RevokeOtherSessionsRequest& request,
                                   v1::RevokeOtherSessionsResponse* response);
  // The caller's user; the statuses of UserDirectory::Find.
  absl::Status GetMe(const AccessTokenClaims& caller, const v1::GetMeRequest& request,
                     v1::GetMeResponse* response);

 private:
  SessionRefresher& refresher_;
  SessionManager& sessions_;
  UserDirectory& users_;
  storage::OAuthClientStore& oauth_clients_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_SESSION_RPCS_H_
