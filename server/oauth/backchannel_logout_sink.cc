#include "server/oauth/backchannel_logout_sink.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/events/webhook_sender.h"
#include "server/oauth/backchannel_logout_channel.h"

namespace tgauth {

absl::Status BackchannelLogoutSink::Accept(absl::Span<const v1::Event> events) {
  std::vector<storage::NewWebhookDelivery> deliveries;
  absl::flat_hash_map<std::string, bool> wants_logout;  // By client id, for this batch.
  for (const v1::Event& event : events) {
    if (!event.has_session_revoked()) continue;
    const v1::SessionRevoked& revoked = event.session_revoked();
    if (revoked.client_id().empty() || revoked.reason() == v1::SessionRevoked::EXPIRED) continue;
    auto [it, inserted] = wants_logout.try_emplace(revoked.client_id(), false);
    if (inserted) {
      absl::StatusOr<storage::OAuthClient> client = clients_.Find(revoked.client_id());
      if (!client.ok() && !absl::IsNotFound(client.status())) return client.status();
      it->second = client.ok() && !client->backchannel_logout_uri.empty();
    }
    if (!it->second) continue;
    deliveries.push_back({.subscriber = BackchannelLogoutSubscriber(revoked.client_id()),
                          .event_id = event.event_id(),
                          .event_type = event.type(),
                          .user_id = event.user_id(),
                          .body = event.session_id()});
  }
  if (deliveries.empty()) return absl::OkStatus();
  if (absl::Status queued = store_.Enqueue(deliveries, clock_.Now()); !queued.ok()) return queued;
  if (sender_ != nullptr) sender_->Wake();
  return absl::OkStatus();
}

}  // namespace tgauth
