// The Telegram user a bot update names (Bot API `User`,
// core.telegram.org/bots/api#user), as tgauth's user directory stores it.
#ifndef TGAUTH_SERVER_BOT_TELEGRAM_USER_H_
#define TGAUTH_SERVER_BOT_TELEGRAM_USER_H_

#include "storage/user_store.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth {

// The profile fields the Bot API gives about a user (it has no photo).
storage::TelegramProfile ProfileOf(const v1::TelegramUser& user);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_TELEGRAM_USER_H_
