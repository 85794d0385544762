// POST /telegram/webhook: Telegram delivers bot updates here
// (core.telegram.org/bots/api#setwebhook).
//
//   401 (code 16) X-Telegram-Bot-Api-Secret-Token missing or wrong; nothing
//       is forwarded, so nobody but Telegram can fake a scan.
//   429 (code 8) and Retry-After: a wrong secret from a client that sent a
//       wrong one 10 times within a minute (FailedAuthLimiter). The right
//       secret is always accepted, even from such a client.
//   400 (code 3) body is not JSON shaped like a Bot API Update, or the
//       server refused the update (no update_id).
// The secret goes on to the server as gRPC metadata
// `x-telegram-bot-api-secret-token` (common/webhook_secret.h), which checks
// it again.
//   200 with the server's Bot API call as JSON (see bot_reply_json.h): a
//       sendMessage for a command, an answerCallbackQuery for a button
//       press; 200 with an empty body when there is nothing to answer.
//   5xx when the server fails (UNAVAILABLE 503, DEADLINE_EXCEEDED 504,
//       INTERNAL 500), so Telegram redelivers; the server de-duplicates by
//       update_id.
#ifndef TGAUTH_GATEWAY_WEBHOOK_ROUTE_H_
#define TGAUTH_GATEWAY_WEBHOOK_ROUTE_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "common/clock.h"
#include "common/shared_secret.h"
#include "gateway/client_device.h"
#include "gateway/failed_auth_limiter.h"
#include "gateway/http_message.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kWebhookPath = "/telegram/webhook";

// Reads webhook body `body` into `update`: a JSON Update
// (core.telegram.org/bots/api#update), members tgauth does not read
// ignored. False unless it is a JSON object whose known members have the
// types telegram.proto gives them.
bool ParseTelegramUpdate(absl::string_view body, tgauth::v1::TelegramUpdate* update);

class WebhookRoute {
 public:
  // `secret`: the secret_token given to setWebhook; must pass
  // ValidateWebhookSecret (common/webhook_secret.h; an empty secret would
  // accept forged updates). `client_device` names the client's address;
  // it, `stub` and `clock` must outlive the route.
  WebhookRoute(tgauth::v1::AuthService::StubInterface& stub, absl::string_view secret,
               const ClientDevice& client_device, const Clock& clock);

  void Handle(const HttpRequest& request, Respond respond) const;

 private:
  tgauth::v1::AuthService::StubInterface& stub_;
  const SharedSecret secret_;
  const ClientDevice& client_device_;
  const std::unique_ptr<FailedAuthLimiter> failures_;  // Failed secrets per client address.
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_WEBHOOK_ROUTE_H_
