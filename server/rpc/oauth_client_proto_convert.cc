#include "server/rpc/oauth_client_proto_convert.h"

#include <string>
#include <vector>

#include "server/rpc/proto_convert.h"

namespace tgauth {
namespace {

template <typename Repeated>
std::vector<std::string> ToVector(const Repeated& values) {
  return std::vector<std::string>(values.begin(), values.end());
}

// The settings both requests carry, under the same field names.
template <typename Request>
OAuthClientSettings SettingsOf(const Request& request) {
  return {.name = request.name(),
          .redirect_uris = ToVector(request.redirect_uris()),
          .post_logout_redirect_uris = ToVector(request.post_logout_redirect_uris()),
          .allowed_scopes = ToVector(request.allowed_scopes()),
          .backchannel_logout_uri = request.backchannel_logout_uri(),
          .may_introspect_any = request.may_introspect_any()};
}

}  // namespace

void ToProto(const storage::OAuthClient& client, v1::OAuthClient* out) {
  out->set_client_id(client.client_id);
  out->set_name(client.name);
  out->set_confidential(client.secret_hash.has_value());
  out->mutable_redirect_uris()->Assign(client.redirect_uris.begin(), client.redirect_uris.end());
  out->mutable_post_logout_redirect_uris()->Assign(client.post_logout_redirect_uris.begin(),
                                                   client.post_logout_redirect_uris.end());
  out->mutable_allowed_scopes()->Assign(client.allowed_scopes.begin(), client.allowed_scopes.end());
  out->set_backchannel_logout_uri(client.backchannel_logout_uri);
  out->set_may_introspect_any(client.may_introspect_any);
  out->set_source(client.source == storage::OAuthClientSource::kConfig ? "config" : "admin");
  *out->mutable_created_at() = ToTimestamp(client.created_at);
  *out->mutable_updated_at() = ToTimestamp(client.updated_at);
  if (client.disabled_at.has_value())
    *out->mutable_disabled_at() = ToTimestamp(*client.disabled_at);
}

NewOAuthClient FromProto(const v1::CreateOAuthClientRequest& request) {
  return {.client_id = request.client_id(),
          .confidential = request.confidential(),
          .settings = SettingsOf(request)};
}

OAuthClientSettings FromProto(const v1::UpdateOAuthClientRequest& request) {
  return SettingsOf(request);
}

}  // namespace tgauth
