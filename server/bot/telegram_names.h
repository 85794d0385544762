// Shapes of Telegram identifiers (https://core.telegram.org/bots/features#botfather).
#ifndef TGAUTH_SERVER_BOT_TELEGRAM_NAMES_H_
#define TGAUTH_SERVER_BOT_TELEGRAM_NAMES_H_

#include "absl/strings/string_view.h"

namespace tgauth {

// 5-32 characters of A-Z a-z 0-9 _, ending in "bot" (any case), no '@'.
bool IsValidBotUsername(absl::string_view username);

// "<bot id>:<secret>": digits, a colon, then 30+ of A-Z a-z 0-9 _ -.
bool IsValidBotToken(absl::string_view token);

// A deep link's `start` parameter: 1-64 of A-Z a-z 0-9 _ -
// (https://core.telegram.org/bots/features#deep-linking).
bool IsValidStartPayload(absl::string_view payload);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_TELEGRAM_NAMES_H_
