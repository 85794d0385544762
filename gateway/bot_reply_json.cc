#include "gateway/bot_reply_json.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/status/status.h"

namespace tgauth::gateway {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

// Sets fields[name] to `text` unless it is empty (the Bot API treats an
// empty optional string as an error, not as "absent").
void SetIfNotEmpty(Struct& object, const char* name, const std::string& text) {
  if (!text.empty()) (*object.mutable_fields())[name].set_string_value(text);
}

// [[button, ...], ...] with empty rows left out.
ListValue InlineKeyboard(const tgauth::v1::TelegramInlineKeyboardMarkup& markup) {
  ListValue rows;
  for (const auto& row : markup.inline_keyboard()) {
    if (row.buttons().empty()) continue;
    ListValue* buttons = rows.add_values()->mutable_list_value();
    for (const auto& button : row.buttons()) {
      Struct* object = buttons->add_values()->mutable_struct_value();
      SetIfNotEmpty(*object, "text", button.text());
      SetIfNotEmpty(*object, "url", button.url());
      SetIfNotEmpty(*object, "callback_data", button.callback_data());
    }
  }
  return rows;
}

}  // namespace

absl::StatusOr<std::string> BotReplyJson(const tgauth::v1::TelegramSendMessage& reply) {
  Struct call;
  auto& fields = *call.mutable_fields();
  fields["method"].set_string_value(reply.method().empty() ? "sendMessage" : reply.method());
  fields["chat_id"].set_number_value(static_cast<double>(reply.chat_id()));
  SetIfNotEmpty(call, "text", reply.text());
  SetIfNotEmpty(call, "parse_mode", reply.parse_mode());
  ListValue keyboard = InlineKeyboard(reply.reply_markup());
  if (!keyboard.values().empty()) {
    Struct& markup = *fields["reply_markup"].mutable_struct_value();
    *(*markup.mutable_fields())["inline_keyboard"].mutable_list_value() = std::move(keyboard);
  }
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(call, &json).ok()) {
    return absl::InternalError("cannot print the bot reply as JSON");
  }
  return json;
}

}  // namespace tgauth::gateway
