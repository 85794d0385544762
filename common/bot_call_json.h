// Bot API method calls as JSON (core.telegram.org/bots/api#making-requests).
// The gateway prints the webhook's reply with it, the server the body of its
// outbound requests: one shape, printed in one place. Header-only because the
// two processes share tgauth_proto but no library of hand-written proto code.
#ifndef TGAUTH_COMMON_BOT_CALL_JSON_H_
#define TGAUTH_COMMON_BOT_CALL_JSON_H_

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth {

enum class BotCallJsonForm {
  kWebhookReply,  // With "method": the webhook's response body.
  kRequestBody,   // Without it: the request's URL names the method.
};

namespace bot_call_json_internal {

// Sets object[name] unless `text` is empty (the Bot API treats an empty
// optional string as an error, not as "absent").
inline void SetIfNotEmpty(google::protobuf::Struct& object, const char* name,
                          const std::string& text) {
  if (!text.empty()) (*object.mutable_fields())[name].set_string_value(text);
}

// Telegram ids have at most 52 significant bits, so a JSON number (a double)
// holds them exactly; 0 is never a valid chat or message id.
inline void SetIfNotZero(google::protobuf::Struct& object, const char* name, int64_t id) {
  if (id != 0) (*object.mutable_fields())[name].set_number_value(static_cast<double>(id));
}

// The Bot API's array of arrays of buttons, empty rows left out.
inline google::protobuf::ListValue InlineKeyboard(const v1::TelegramInlineKeyboardMarkup& markup) {
  google::protobuf::ListValue rows;
  for (const auto& row : markup.inline_keyboard()) {
    if (row.buttons().empty()) continue;
    google::protobuf::ListValue* buttons = rows.add_values()->mutable_list_value();
    for (const auto& button : row.buttons()) {
      google::protobuf::Struct* object = buttons->add_values()->mutable_struct_value();
      SetIfNotEmpty(*object, "text", button.text());
      SetIfNotEmpty(*object, "url", button.url());
      SetIfNotEmpty(*object, "callback_data", button.callback_data());
    }
  }
  return rows;
}

}  // namespace bot_call_json_internal

// `call` as the Bot API's JSON object:
//   {"method": "..." (kWebhookReply only; empty means "sendMessage"),
//    "chat_id": <number>, "message_id": <number>, "callback_query_id": "...",
//    "text": "...", "parse_mode": "...", "show_alert": true,
//    "reply_markup": {"inline_keyboard": [[{"text", "url" | "callback_data"}]]}}
// Empty, zero and false fields, empty rows and a keyboard without buttons
// are left out. Strings must be UTF-8, as proto3 strings are. INTERNAL if
// protobuf cannot print the object.
inline absl::StatusOr<std::string> BotCallJson(const v1::TelegramBotCall& call,
                                               BotCallJsonForm form) {
  namespace internal = bot_call_json_internal;
  google::protobuf::Struct object;
  auto& fields = *object.mutable_fields();
  if (form == BotCallJsonForm::kWebhookReply) {
    fields["method"].set_string_value(call.method().empty() ? "sendMessage" : call.method());
  }
  internal::SetIfNotZero(object, "chat_id", call.chat_id());
  internal::SetIfNotZero(object, "message_id", call.message_id());
  internal::SetIfNotEmpty(object, "callback_query_id", call.callback_query_id());
  internal::SetIfNotEmpty(object, "text", call.text());
  internal::SetIfNotEmpty(object, "parse_mode", call.parse_mode());
  if (call.show_alert()) fields["show_alert"].set_bool_value(true);
  google::protobuf::ListValue keyboard = internal::InlineKeyboard(call.reply_markup());
  if (!keyboard.values().empty()) {
    google::protobuf::Struct& markup = *fields["reply_markup"].mutable_struct_value();
    *(*markup.mutable_fields())["inline_keyboard"].mutable_list_value() = std::move(keyboard);
  }
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(object, &json).ok()) {
    return absl::InternalError("cannot print the Bot API call as JSON");
  }
  return json;
}

}  // namespace tgauth

#endif  // TGAUTH_COMMON_BOT_CALL_JSON_H_
