// How an OAuth client identifies itself at the token, revocation and
// introspection endpoints (RFC 6749 section 2.3): HTTP Basic
// ("client_secret_basic"), client_id and client_secret in the form body
// ("client_secret_post"), or a public client's client_id alone ("none").
#ifndef TGAUTH_GATEWAY_CLIENT_CREDENTIALS_H_
#define TGAUTH_GATEWAY_CLIENT_CREDENTIALS_H_

#include <cstddef>
#include <string>
#include <variant>

#include "gateway/form_params.h"
#include "gateway/http_message.h"

namespace tgauth::gateway {

// The longest client_id or client_secret forwarded, bytes. tgauth's client
// ids are at most 64 characters and its secrets 43; anything longer is no
// client of this server and is refused before it reaches gRPC metadata.
inline constexpr size_t kMaxClientCredentialBytes = 256;

// The names OAuth discovery gives the methods
// (token_endpoint_auth_methods_supported, OpenID Connect Core section 9).
enum class ClientAuthMethod { kNone, kClientSecretBasic, kClientSecretPost };

struct ClientCredentials {
  std::string client_id;
  std::string client_secret;  // Empty with kNone.
  ClientAuthMethod method = ClientAuthMethod::kNone;
};

// The client's credentials from `request`'s Authorization header and the
// form `params`, or the OAuth error to answer instead (RFC 6749 section
// 5.2):
// - Basic credentials hold the id and the secret each form-urlencoded
//   (section 2.3.1); undecodable ones, another scheme, or a value over
//   kMaxClientCredentialBytes: 401 invalid_client with a Basic challenge.
// - Basic and a client_secret in the body, or Basic and a client_id in the
//   body that names another client: 400 invalid_request (section 2.3: one
//   method per request).
// - No client_id anywhere: 401 invalid_client.
// Whether the client exists and the secret is right is the server's check.
std::variant<ClientCredentials, HttpResponse> ReadClientCredentials(const HttpRequest& request,
                                                                    const FormParams& params);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_CLIENT_CREDENTIALS_H_
