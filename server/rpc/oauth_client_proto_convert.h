// Conversions between AdminService's OAuth client protos and
// server/oauth's records. No conversion ever puts a secret or its hash in a
// proto: only OAuthClientRpcs sets OAuthClientWithSecret.client_secret.
#ifndef TGAUTH_SERVER_RPC_OAUTH_CLIENT_PROTO_CONVERT_H_
#define TGAUTH_SERVER_RPC_OAUTH_CLIENT_PROTO_CONVERT_H_

#include "server/oauth/client_administration.h"
#include "server/oauth/client_settings.h"
#include "storage/oauth_client_store.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

// `client` without its secret hash (`confidential` says whether it has one).
void ToProto(const storage::OAuthClient& client, v1::OAuthClient* out);

NewOAuthClient FromProto(const v1::CreateOAuthClientRequest& request);
OAuthClientSettings FromProto(const v1::UpdateOAuthClientRequest& request);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_OAUTH_CLIENT_PROTO_CONVERT_H_
