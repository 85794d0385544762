// Outbound Bot API calls (core.telegram.org/bots/api): what the bot says
// outside a webhook reply, such as editing a confirmation message to its
// outcome or a "new sign-in" notice. Fire and forget: the caller (a webhook
// update or a long poll on the executor) never waits for Telegram.
#ifndef TGAUTH_SERVER_BOT_BOT_API_H_
#define TGAUTH_SERVER_BOT_BOT_API_H_

#include "tgauth/v1/telegram.pb.h"

namespace tgauth {

class BotApi {
 public:
  virtual ~BotApi() = default;

  // Queues `call` (method and parameters) for sending and returns at once,
  // without blocking. Best effort: a call that cannot be delivered is logged
  // and dropped, since nothing in a sign-in depends on it.
  virtual void Call(v1::TelegramBotCall call) = 0;
};

// For deployments without a bot token: the calls are dropped. The bot still
// answers every update through the webhook reply; only the edits of
// confirmation messages and the sign-in notices are missing.
class NoBotApi final : public BotApi {
 public:
  void Call(v1::TelegramBotCall call) override {}
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_BOT_API_H_
