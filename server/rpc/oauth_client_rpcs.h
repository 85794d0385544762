// AdminService's handlers (unary_call.h) for OAuth clients. They take the
// Operator, so only AsOperator can dispatch them; OAuthClientAdministration
// blocks on PostgreSQL: run them on the executor. Each change is logged
// with the client's id and the operator, never with a secret.
#ifndef TGAUTH_SERVER_RPC_OAUTH_CLIENT_RPCS_H_
#define TGAUTH_SERVER_RPC_OAUTH_CLIENT_RPCS_H_

#include "absl/status/status.h"
#include "server/oauth/client_administration.h"
#include "server/rpc/caller_auth.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class OAuthClientRpcs {
 public:
  // `clients` must outlive the handler.
  explicit OAuthClientRpcs(OAuthClientAdministration& clients) : clients_(clients) {}

  // The statuses of the OAuthClientAdministration method each calls.
  absl::Status CreateOAuthClient(const Operator& caller,
                                 const v1::CreateOAuthClientRequest& request,
                                 v1::OAuthClientWithSecret* response);
  absl::Status GetOAuthClient(const Operator& caller, const v1::GetOAuthClientRequest& request,
                              v1::OAuthClient* response);
  absl::Status ListOAuthClients(const Operator& caller, const v1::ListOAuthClientsRequest& request,
                                v1::ListOAuthClientsResponse* response);
  absl::Status UpdateOAuthClient(const Operator& caller,
                                 const v1::UpdateOAuthClientRequest& request,
                                 v1::OAuthClient* response);
  absl::Status RotateOAuthClientSecret(const Operator& caller,
                                       const v1::RotateOAuthClientSecretRequest& request,
                                       v1::OAuthClientWithSecret* response);
  absl::Status DisableOAuthClient(const Operator& caller,
                                  const v1::DisableOAuthClientRequest& request,
                                  v1::OAuthClient* response);

 private:
  OAuthClientAdministration& clients_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_OAUTH_CLIENT_RPCS_H_
