// The end_session_endpoint of OpenID Connect RP-Initiated Logout 1.0: an
// app sends the person's browser here to log them out of the app. The
// request is authenticated by an ID token tgauth issued to the app
// (`id_token_hint`, section 2; an expired one is accepted, as section 4
// allows): it names the app (`aud`) and the session that ends (`sid`),
// which every channel then hears of (back-channel logout included:
// server/oauth/backchannel_logout_sink.h).
//
// Only that app's session ends. The person's own session with tgauth on
// this browser (the sign-in page's, in a SameSite=Strict cookie that a
// navigation from another site does not even carry) is another session and
// stays, as signing out of one app does not sign anyone out of their
// identity provider or of their other apps; an app that wants the next
// sign-in to need a new Telegram confirmation asks for it with
// prompt=login.
//
// A request without id_token_hint is refused rather than confirmed with
// the person (section 2 lets the OP ask): an app's sessions are not tied to
// a browser, so there would be nothing the person could be asked to end.
#ifndef TGAUTH_SERVER_OAUTH_END_SESSION_ENDPOINT_H_
#define TGAUTH_SERVER_OAUTH_END_SESSION_ENDPOINT_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/oauth/client_registry.h"
#include "server/session/session_manager.h"
#include "server/token/key_ring.h"
#include "storage/session_store.h"

namespace tgauth {

// Longest id_token_hint accepted, in bytes (tgauth's ID tokens are < 2 KiB).
inline constexpr size_t kMaxIdTokenHintBytes = 8192;

// The request's parameters (section 2), as sent; `ui_locales` is not here:
// a successful logout shows no page of tgauth's.
struct EndSessionParameters {
  std::string id_token_hint;
  std::string client_id;  // Optional; must be the hint's `aud` when sent.
  std::string post_logout_redirect_uri;
  std::string state;
};

class EndSessionEndpoint {
 public:
  // `issuer` is the `iss` the hint must carry (the discovery document's).
  // The references must outlive the endpoint.
  EndSessionEndpoint(std::string issuer, const KeyRing& keys, ClientRegistry& clients,
                     storage::SessionStore& sessions, SessionManager& manager)
      : issuer_(std::move(issuer)),
        keys_(keys),
        clients_(clients),
        sessions_(sessions),
        manager_(manager) {}

  // Checks the whole request, then ends the hint's session (OK also when it
  // has ended already) and returns where to send the browser:
  // post_logout_redirect_uri with `state` added, or "" when none was sent.
  // INVALID_ARGUMENT, ending nothing and never to be redirected (section
  // 4), when id_token_hint is missing, oversized, not a tgauth ID token
  // (signature, `iss`, `aud`, `sub`, `sid`) or its client is unknown or
  // disabled; when client_id is not the hint's `aud`; when
  // post_logout_redirect_uri is not byte for byte one the client
  // registered; when state is longer than kMaxStateBytes; or when the
  // session the hint names is not that user's with that client.
  // UNAVAILABLE if a store is unreachable.
  absl::StatusOr<std::string> End(const EndSessionParameters& parameters);

 private:
  const std::string issuer_;
  const KeyRing& keys_;
  ClientRegistry& clients_;
  storage::SessionStore& sessions_;
  SessionManager& manager_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_END_SESSION_ENDPOINT_H_
