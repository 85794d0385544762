// One family of inline buttons the TelegramBot routes presses to, by the
// prefix of their callback_data ("<prefix>:<argument>", at most 64 bytes in
// all): "login" (confirming a QR login), "session" (ending a session from a
// sign-in notice).
#ifndef TGAUTH_SERVER_BOT_BOT_CALLBACK_H_
#define TGAUTH_SERVER_BOT_BOT_CALLBACK_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth {

class BotCallback {
 public:
  virtual ~BotCallback() = default;

  // The answer to `query` (a press by a human user), given the `argument`
  // after the prefix and ':': an answerCallbackQuery call, returned as the
  // webhook reply (method and callback_query_id may be left for the bot to
  // fill in). A refused press is an OK answer that explains it;
  // UNAVAILABLE/INTERNAL when a store failed, so the update is not recorded
  // as processed and Telegram's redelivery retries it.
  virtual absl::StatusOr<v1::TelegramBotCall> HandlePress(
      absl::string_view argument, const v1::TelegramCallbackQuery& query) = 0;
};

// The answerCallbackQuery call (core.telegram.org/bots/api#answercallbackquery)
// that answers `query` with `text`, as a notification or, with `show_alert`,
// as an alert the user must dismiss.
v1::TelegramBotCall AnswerCallbackQuery(const v1::TelegramCallbackQuery& query,
                                        absl::string_view text, bool show_alert = false);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_BOT_CALLBACK_H_
