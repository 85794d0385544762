#include "gateway/bot_reply_json.h"

#include "common/bot_call_json.h"

namespace tgauth::gateway {

absl::StatusOr<std::string> BotReplyJson(const tgauth::v1::TelegramBotCall& reply) {
  return BotCallJson(reply, BotCallJsonForm::kWebhookReply);
}

}  // namespace tgauth::gateway
