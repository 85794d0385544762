// POST /telegram/webhook: Telegram delivers bot updates here
// (core.telegram.org/bots/api#setwebhook).
//
//   401 (code 16) X-Telegram-Bot-Api-Secret-Token missing or wrong; nothing
//       is forwarded, so nobody but Telegram can fake a scan.
//   400 (code 3) body is not JSON shaped like a Bot API Update.
//   200 with the server's Bot API call as JSON (see bot_reply_json.h): a
//       sendMessage for a command, an answerCallbackQuery for a button
//       press; 200 with an empty body when there is nothing to answer.
//   5xx when the server fails (UNAVAILABLE 503, DEADLINE_EXCEEDED 504,
//       INTERNAL 500), so Telegram redelivers; the server de-duplicates by
//       update_id.
#ifndef TGAUTH_GATEWAY_WEBHOOK_ROUTE_H_
#define TGAUTH_GATEWAY_WEBHOOK_ROUTE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gateway/http_message.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::gateway {

inline constexpr absl::string_view kWebhookPath = "/telegram/webhook";

// OK if `secret` is a valid setWebhook secret_token: 1-256 characters of
// A-Z a-z 0-9 _ -. INVALID_ARGUMENT (with the rule) otherwise.
absl::Status ValidateWebhookSecret(absl::string_view secret);

class WebhookRoute {
 public:
  // `secret`: the secret_token given to setWebhook; must pass
  // ValidateWebhookSecret (an empty secret would accept forged updates).
  WebhookRoute(tgauth::v1::AuthService::StubInterface& stub, std::string secret)
      : stub_(stub), secret_(std::move(secret)) {}

  void Handle(const HttpRequest& request, Respond respond) const;

 private:
  tgauth::v1::AuthService::StubInterface& stub_;
  const std::string secret_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_WEBHOOK_ROUTE_H_
