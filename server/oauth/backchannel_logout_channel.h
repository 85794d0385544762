// OpenID Connect Back-Channel Logout 1.0 as a DeliveryChannel
// (server/events/delivery_channel.h): each queued delivery is one ended
// session of one client, POSTed to the client's registered
// backchannel_logout_uri as `logout_token=<JWT>`
// (application/x-www-form-urlencoded, section 2.5). The token is signed when
// the attempt starts, so every retry carries a fresh `jti`, `iat` and a
// short `exp` (server/token/logout_token_signer.h). The queue, retries,
// backoff and dead letters are the webhook sender's.
//
// Queue rows (storage/webhook_delivery_store.h): subscriber
// "backchannel-logout:<client_id>" (a ':' no webhook subscriber name has),
// user_id the session's user (`sub`), body the session id (`sid`).
#ifndef TGAUTH_SERVER_OAUTH_BACKCHANNEL_LOGOUT_CHANNEL_H_
#define TGAUTH_SERVER_OAUTH_BACKCHANNEL_LOGOUT_CHANNEL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "server/events/delivery_channel.h"
#include "server/token/logout_token_signer.h"
#include "storage/oauth_client_store.h"

namespace tgauth {

// The queue's subscriber name for `client_id`'s logout tokens.
std::string BackchannelLogoutSubscriber(absl::string_view client_id);

class BackchannelLogoutChannel final : public DeliveryChannel {
 public:
  // Most clients whose queues are served (the store lists them in
  // client_id order).
  static constexpr int kMaxClients = 1000;

  // All must outlive the channel.
  BackchannelLogoutChannel(storage::OAuthClientStore& clients, const LogoutTokenSigner& signer,
                           const Clock& clock)
      : clients_(clients), signer_(signer), clock_(clock) {}

  // The subscriber of every client with a backchannel_logout_uri; empty if
  // the store is unreachable (the next round asks again). Deliveries of a
  // client whose URI was removed wait until one is registered again.
  std::vector<std::string> Subscribers() override;

  // The POST of a logout token to the client's URI as registered now.
  // NOT_FOUND for a client that no longer exists or has no URI any more;
  // UNAVAILABLE if the store is unreachable; INTERNAL if signing fails.
  absl::StatusOr<PostLoop::Post> Request(const storage::WebhookDelivery& delivery) override;

 private:
  storage::OAuthClientStore& clients_;
  const LogoutTokenSigner& signer_;
  const Clock& clock_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_BACKCHANNEL_LOGOUT_CHANNEL_H_
