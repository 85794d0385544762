// The outbox relay's EventSink for OpenID Connect Back-Channel Logout 1.0:
// every session.revoked event of a session issued to a client that
// registered a backchannel_logout_uri queues one delivery
// (backchannel_logout_channel.h), whatever ended the session: the app's
// logout, the user (ListSessions, RevokeOtherSessions), an operator, a
// blocked or deleted user, refresh token or authorization code reuse. The
// event is written in the transaction that revokes the session, so no
// logout is lost or sent for a change that rolled back. Sessions that
// merely expired are skipped: the cleaner reports them long after the
// client's tokens stopped working. Queuing is idempotent by event id.
#ifndef TGAUTH_SERVER_OAUTH_BACKCHANNEL_LOGOUT_SINK_H_
#define TGAUTH_SERVER_OAUTH_BACKCHANNEL_LOGOUT_SINK_H_

#include "common/clock.h"
#include "server/events/event_sink.h"
#include "storage/oauth_client_store.h"
#include "storage/webhook_delivery_store.h"

namespace tgauth {

class WebhookSender;

class BackchannelLogoutSink final : public EventSink {
 public:
  // All must outlive the sink. `sender`, if not null, is woken after a
  // batch queued anything.
  BackchannelLogoutSink(storage::OAuthClientStore& clients, storage::WebhookDeliveryStore& store,
                        const Clock& clock, WebhookSender* sender)
      : clients_(clients), store_(store), clock_(clock), sender_(sender) {}

  // Queues the batch's logouts in one transaction. The stores' errors
  // (UNAVAILABLE): the relay offers the batch again.
  absl::Status Accept(absl::Span<const v1::Event> events) override;

 private:
  storage::OAuthClientStore& clients_;
  storage::WebhookDeliveryStore& store_;
  const Clock& clock_;
  WebhookSender* const sender_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OAUTH_BACKCHANNEL_LOGOUT_SINK_H_
