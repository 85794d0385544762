#include "gateway/bot_reply_json.h"

#include <google/protobuf/text_format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/gateway/json_matchers.h"

namespace tgauth::gateway {
namespace {

using ::testing::HasSubstr;
using tgauth::v1::TelegramBotCall;

TelegramBotCall FromText(const std::string& text) {
  TelegramBotCall message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message));
  return message;
}

TEST(BotReplyJsonTest, PrintsSendMessageWithKeyboardRowsAsArraysOfArrays) {
  TelegramBotCall reply = FromText(R"pb(
    method: "sendMessage"
    chat_id: 42
    text: "Confirm sign-in?"
    parse_mode: "HTML"
    reply_markup {
      inline_keyboard {
        buttons { text: "Yes" callback_data: "confirm:1" }
        buttons { text: "No" callback_data: "deny:1" }
      }
      inline_keyboard { buttons { text: "Help" url: "https://example.com/help" } }
    }
  )pb");
  absl::StatusOr<std::string> json = BotReplyJson(reply);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, JsonEq(std::string(R"json({
    "method": "sendMessage", "chat_id": 42, "text": "Confirm sign-in?", "parse_mode": "HTML",
    "reply_markup": {"inline_keyboard": [
      [{"text": "Yes", "callback_data": "confirm:1"}, {"text": "No", "callback_data": "deny:1"}],
      [{"text": "Help", "url": "https://example.com/help"}]]}})json")));
}

TEST(BotReplyJsonTest, OmitsUnsetParseModeEmptyRowsAndEmptyKeyboard) {
  TelegramBotCall reply = FromText(R"pb(
    chat_id: 7 text: "Signed in." reply_markup { inline_keyboard {} }
  )pb");
  absl::StatusOr<std::string> json = BotReplyJson(reply);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, JsonEq(std::string(
                         R"json({"method": "sendMessage", "chat_id": 7, "text": "Signed in."})json")));
}

TEST(BotReplyJsonTest, KeepsLargeAndNegativeChatIdsExactAsJsonNumbers) {
  for (int64_t chat_id : {int64_t{4503599627370495}, int64_t{-1001234567890}}) {
    TelegramBotCall reply;
    reply.set_chat_id(chat_id);
    reply.set_text("hi");
    absl::StatusOr<std::string> json = BotReplyJson(reply);
    ASSERT_TRUE(json.ok()) << json.status();
    EXPECT_THAT(*json, HasSubstr("\"chat_id\":" + std::to_string(chat_id)));
    EXPECT_EQ(ParseJson(*json).struct_value().fields().at("chat_id").number_value(),
              static_cast<double>(chat_id));
  }
}

TEST(BotReplyJsonTest, PrintsAnswerCallbackQueryWithoutChatOrKeyboard) {
  TelegramBotCall reply = FromText(R"pb(
    method: "answerCallbackQuery" callback_query_id: "4382bfdwdsb323b2d9" text: "Signed in."
  )pb");
  absl::StatusOr<std::string> json = BotReplyJson(reply);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, JsonEq(std::string(R"json({"method": "answerCallbackQuery",
    "callback_query_id": "4382bfdwdsb323b2d9", "text": "Signed in."})json")));
}

TEST(BotReplyJsonTest, PrintsShowAlertOnlyWhenSet) {
  TelegramBotCall reply = FromText(R"pb(
    method: "answerCallbackQuery" callback_query_id: "q1" text: "Wrong code." show_alert: true
  )pb");
  absl::StatusOr<std::string> json = BotReplyJson(reply);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, JsonEq(std::string(R"json({"method": "answerCallbackQuery",
    "callback_query_id": "q1", "text": "Wrong code.", "show_alert": true})json")));
}

TEST(BotReplyJsonTest, PrintsEditMessageTextWithMessageId) {
  TelegramBotCall reply = FromText(R"pb(
    method: "editMessageText" chat_id: 42 message_id: 9001 text: "Signed in."
  )pb");
  absl::StatusOr<std::string> json = BotReplyJson(reply);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, JsonEq(std::string(R"json({"method": "editMessageText", "chat_id": 42,
    "message_id": 9001, "text": "Signed in."})json")));
}

}  // namespace
}  // namespace tgauth::gateway
