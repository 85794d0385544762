#include "server/oauth/backchannel_logout_channel.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace tgauth {
namespace {

constexpr absl::string_view kSubscriberPrefix = "backchannel-logout:";

}  // namespace

std::string BackchannelLogoutSubscriber(absl::string_view client_id) {
  return absl::StrCat(kSubscriberPrefix, client_id);
}

std::vector<std::string> BackchannelLogoutChannel::Subscribers() {
  std::vector<std::string> names;
  absl::StatusOr<std::vector<storage::OAuthClient>> clients = clients_.List(kMaxClients);
  if (!clients.ok()) return names;
  for (const storage::OAuthClient& client : *clients) {
    if (!client.backchannel_logout_uri.empty()) {
      names.push_back(BackchannelLogoutSubscriber(client.client_id));
    }
  }
  return names;
}

absl::StatusOr<PostLoop::Post> BackchannelLogoutChannel::Request(
    const storage::WebhookDelivery& delivery) {
  absl::string_view client_id = delivery.subscriber;
  if (!absl::ConsumePrefix(&client_id, kSubscriberPrefix)) {
    return absl::NotFoundError("not a back-channel logout delivery");
  }
  absl::StatusOr<storage::OAuthClient> client = clients_.Find(client_id);
  if (!client.ok()) return client.status();
  if (client->backchannel_logout_uri.empty()) {
    return absl::NotFoundError("the client has no backchannel_logout_uri any more");
  }
  absl::StatusOr<std::string> token = signer_.Sign({.user_id = delivery.user_id,
                                                    .client_id = client->client_id,
                                                    .session_id = delivery.body,
                                                    .issued_at = clock_.Now()});
  if (!token.ok()) return token.status();
  // A compact JWS is base64url and dots: nothing to percent-encode.
  return PostLoop::Post{
      .url = client->backchannel_logout_uri,
      .headers = {"Content-Type: application/x-www-form-urlencoded"},
      .body = absl::StrCat("logout_token=", *token),
  };
}

}  // namespace tgauth
