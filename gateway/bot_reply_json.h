// The webhook's answer to Telegram: a Bot API method call returned as the
// HTTP response body ("Making requests when getting updates",
// core.telegram.org/bots/api#making-requests-when-getting-updates).
#ifndef TGAUTH_GATEWAY_BOT_REPLY_JSON_H_
#define TGAUTH_GATEWAY_BOT_REPLY_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth::gateway {

// `reply` as the Bot API's JSON with its "method" (sendMessage,
// answerCallbackQuery, ...; empty means sendMessage), e.g.
//   {"method": "sendMessage", "chat_id": 42, "text": "...",
//    "reply_markup": {"inline_keyboard": [[{"text": "...", "callback_data": "..."}]]}}
//   {"method": "answerCallbackQuery", "callback_query_id": "...", "text": "..."}
// Unset fields are left out (common/bot_call_json.h has the rules).
// INTERNAL if protobuf cannot print it.
absl::StatusOr<std::string> BotReplyJson(const tgauth::v1::TelegramBotCall& reply);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_BOT_REPLY_JSON_H_
