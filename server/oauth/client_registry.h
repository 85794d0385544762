// The registered OAuth clients as the protocol endpoints see them: find the
// client a request names, and authenticate a client (RFC 6749 section
// 2.3). A disabled client is treated exactly as an unknown one.
#ifndef TGAUTH_SERVER_OAUTH_CLIENT_REGISTRY_H_
#define TGAUTH_SERVER_OAUTH_CLIENT_REGISTRY_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/oauth_client_store.h"

namespace tgauth {

class ClientRegistry {
 public:
  // `clients` must outlive this.
  explicit ClientRegistry(storage::OAuthClientStore& clients) : clients_(clients) {}

  // The enabled client with this id. NOT_FOUND if `client_id` is malformed,
  // unknown or names a disabled client; UNAVAILABLE if the store is
  // unreachable.
  absl::StatusOr<storage::OAuthClient> FindEnabled(absl::string_view client_id);

  // The enabled client with this id if the caller proves to be it: a
  // confidential client presents its secret (client_secret_basic or
  // client_secret_post, RFC 6749 section 2.3.1), a public client presents
  // none (`secret` empty). UNAUTHENTICATED otherwise (the token endpoint's
  // invalid_client, RFC 6749 section 5.2), with one message whatever the
  // reason, so the answer tells no client ids apart; UNAVAILABLE.
  absl::StatusOr<storage::OAuthClient> Authenticate(absl::string_view client_id,
                                                    absl::string_view secret);

 private:
  storage::OAuthClientStore& clients_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_CLIENT_REGISTRY_H_
