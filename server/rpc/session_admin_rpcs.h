// AdminService's handlers (unary_call.h) for a user's sessions: list them,
// revoke one or all. They take the Operator, so only AsOperator can
// dispatch them; run them on the executor (PostgreSQL).
#ifndef TGAUTH_SERVER_RPC_SESSION_ADMIN_RPCS_H_
#define TGAUTH_SERVER_RPC_SESSION_ADMIN_RPCS_H_

#include "absl/status/status.h"
#include "common/clock.h"
#include "server/rpc/caller_auth.h"
#include "server/session/user_administration.h"
#include "storage/oauth_client_store.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class SessionAdminRpcs {
 public:
  // `users` and `clock` must outlive the handler.
  SessionAdminRpcs(UserAdministration& users, storage::OAuthClientStore& oauth_clients,
                   const Clock& clock)
      : users_(users), oauth_clients_(oauth_clients), clock_(clock) {}

  // Newest first; statuses of UserAdministration::Sessions.
  absl::Status ListUserSessions(const Operator& caller, const v1::ListUserSessionsRequest& request,
                                v1::ListUserSessionsResponse* response);
  // Statuses of UserAdministration::RevokeSession.
  absl::Status RevokeUserSession(const Operator& caller,
                                 const v1::RevokeUserSessionRequest& request,
                                 v1::RevokeUserSessionResponse* response);
  // Statuses of UserAdministration::RevokeAllSessions.
  absl::Status RevokeAllUserSessions(const Operator& caller,
                                     const v1::RevokeAllUserSessionsRequest& request,
                                     v1::RevokeAllUserSessionsResponse* response);

 private:
  UserAdministration& users_;
  storage::OAuthClientStore& oauth_clients_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_SESSION_ADMIN_RPCS_H_
