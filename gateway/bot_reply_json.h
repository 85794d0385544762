// The webhook's answer to Telegram: a Bot API method call returned as the
// HTTP response body ("Making requests when getting updates",
// core.telegram.org/bots/api#making-requests-when-getting-updates).
#ifndef TGAUTH_GATEWAY_BOT_REPLY_JSON_H_
#define TGAUTH_GATEWAY_BOT_REPLY_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth::gateway {

// `reply` as the Bot API's sendMessage JSON:
//   {"method": "sendMessage", "chat_id": <number>, "text": "...",
//    "parse_mode": "..." (only if set),
//    "reply_markup": {"inline_keyboard": [[{"text": "...", "url" | "callback_data": "..."}]]}}
// `rows[].buttons` become the Bot API's array of arrays; empty fields, empty
// rows and a keyboard without buttons are omitted. `method` defaults to
// "sendMessage". chat_id is a JSON number: Telegram ids have at most 52
// significant bits, so a double holds them exactly. INTERNAL if the text is
// not valid UTF-8.
absl::StatusOr<std::string> BotReplyJson(const tgauth::v1::TelegramSendMessage& reply);

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_BOT_REPLY_JSON_H_
