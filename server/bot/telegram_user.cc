#include "server/bot/telegram_user.h"

namespace tgauth {

storage::TelegramProfile ProfileOf(const v1::TelegramUser& user) {
  return storage::TelegramProfile{.telegram_id = user.id(),
                                  .first_name = user.first_name(),
                                  .last_name = user.last_name(),
                                  .username = user.username(),
                                  .language_code = user.language_code()};
}

}  // namespace tgauth
