#include "server/rpc/oauth_client_rpcs.h"

#include <vector>

#include "absl/strings/string_view.h"
#include "common/log.h"
#include "server/rpc/oauth_client_proto_convert.h"

namespace tgauth {
namespace {

// The audit line of a change: what happened to which client, by whom.
void LogChange(absl::string_view what, const storage::OAuthClient& client, const Operator& caller) {
  LogInfo(what, {{"client_id", client.client_id}, {"operator", caller.name}});
}

// `issued` into `response`: the one time its secret is shown.
void ShowOnce(const ClientWithSecret& issued, v1::OAuthClientWithSecret* response) {
  ToProto(issued.client, response->mutable_client());
  response->set_client_secret(issued.secret);
}

}  // namespace

absl::Status OAuthClientRpcs::CreateOAuthClient(const Operator& caller,
                                                const v1::CreateOAuthClientRequest& request,
                                                v1::OAuthClientWithSecret* response) {
  absl::StatusOr<ClientWithSecret> created = clients_.Create(FromProto(request));
  if (!created.ok()) return created.status();
  LogChange("oauth client created", created->client, caller);
  ShowOnce(*created, response);
  return absl::OkStatus();
}

absl::Status OAuthClientRpcs::GetOAuthClient(const Operator& caller,
                                             const v1::GetOAuthClientRequest& request,
                                             v1::OAuthClient* response) {
  absl::StatusOr<storage::OAuthClient> client = clients_.Get(request.client_id());
  if (!client.ok()) return client.status();
  ToProto(*client, response);
  return absl::OkStatus();
}

absl::Status OAuthClientRpcs::ListOAuthClients(const Operator& caller,
                                               const v1::ListOAuthClientsRequest& request,
                                               v1::ListOAuthClientsResponse* response) {
  absl::StatusOr<std::vector<storage::OAuthClient>> clients = clients_.List();
  if (!clients.ok()) return clients.status();
  for (const storage::OAuthClient& client : *clients) ToProto(client, response->add_clients());
  return absl::OkStatus();
}

absl::Status OAuthClientRpcs::UpdateOAuthClient(const Operator& caller,
                                                const v1::UpdateOAuthClientRequest& request,
                                                v1::OAuthClient* response) {
  absl::StatusOr<storage::OAuthClient> updated =
      clients_.Update(request.client_id(), FromProto(request));
  if (!updated.ok()) return updated.status();
  LogChange("oauth client updated", *updated, caller);
  ToProto(*updated, response);
  return absl::OkStatus();
}

absl::Status OAuthClientRpcs::RotateOAuthClientSecret(
    const Operator& caller, const v1::RotateOAuthClientSecretRequest& request,
    v1::OAuthClientWithSecret* response) {
  absl::StatusOr<ClientWithSecret> rotated = clients_.RotateSecret(request.client_id());
  if (!rotated.ok()) return rotated.status();
  LogChange("oauth client secret rotated", rotated->client, caller);
  ShowOnce(*rotated, response);
  return absl::OkStatus();
}

absl::Status OAuthClientRpcs::DisableOAuthClient(const Operator& caller,
                                                 const v1::DisableOAuthClientRequest& request,
                                                 v1::OAuthClient* response) {
  absl::StatusOr<storage::OAuthClient> disabled = clients_.Disable(request.client_id());
  if (!disabled.ok()) return disabled.status();
  LogChange("oauth client disabled", *disabled, caller);
  ToProto(*disabled, response);
  return absl::OkStatus();
}

}  // namespace tgauth
