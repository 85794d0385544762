#include "server/bot/bot_callback.h"

#include <string>

namespace tgauth {

v1::TelegramBotCall AnswerCallbackQuery(const v1::TelegramCallbackQuery& query,
                                        absl::string_view text, bool show_alert) {
  v1::TelegramBotCall answer;
  answer.set_method("answerCallbackQuery");
  answer.set_callback_query_id(query.id());
  answer.set_text(std::string(text));
  answer.set_show_alert(show_alert);
  return answer;
}

}  // namespace tgauth
