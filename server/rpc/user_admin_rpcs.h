// AdminService's handlers (unary_call.h) for users: find, list, block,
// unblock, erase and export them. They take the Operator, so only
// AsOperator can dispatch them; UserAdministration blocks on PostgreSQL:
// run them on the executor.
#ifndef TGAUTH_SERVER_RPC_USER_ADMIN_RPCS_H_
#define TGAUTH_SERVER_RPC_USER_ADMIN_RPCS_H_

#include "absl/status/status.h"
#include "common/clock.h"
#include "server/rpc/caller_auth.h"
#include "server/session/user_administration.h"
#include "storage/oauth_client_store.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class UserAdminRpcs {
 public:
  // `users` and `clock` must outlive the handler.
  UserAdminRpcs(UserAdministration& users, storage::OAuthClientStore& oauth_clients,
                const Clock& clock)
      : users_(users), oauth_clients_(oauth_clients), clock_(clock) {}

  // INVALID_ARGUMENT without a key or for a malformed one; NOT_FOUND.
  absl::Status GetUser(const Operator& caller, const v1::GetUserRequest& request,
                       v1::AdminUser* response);
  // INVALID_ARGUMENT for a bad filter, page size or page token.
  absl::Status ListUsers(const Operator& caller, const v1::ListUsersRequest& request,
                         v1::ListUsersResponse* response);
  // The user after the call; statuses of UserAdministration::Block.
  absl::Status BlockUser(const Operator& caller, const v1::BlockUserRequest& request,
                         v1::AdminUser* response);
  absl::Status UnblockUser(const Operator& caller, const v1::UnblockUserRequest& request,
                           v1::AdminUser* response);
  absl::Status DeleteUser(const Operator& caller, const v1::DeleteUserRequest& request,
                          v1::DeleteUserResponse* response);
  // INTERNAL if the JSON cannot be printed.
  absl::Status ExportUser(const Operator& caller, const v1::ExportUserRequest& request,
                          v1::ExportUserResponse* response);

 private:
  UserAdministration& users_;
  storage::OAuthClientStore& oauth_clients_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_USER_ADMIN_RPCS_H_
