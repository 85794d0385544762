// One bot command the TelegramBot routes to, so each sign-in feature keeps
// its conversation in its own file: `/login <code>` (invite codes),
// `/start <payload>` forms such as `/start web_auth` (bot-initiated login
// links). Commands are addressed in private chats only.
#ifndef TGAUTH_SERVER_BOT_BOT_COMMAND_H_
#define TGAUTH_SERVER_BOT_BOT_COMMAND_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth {

class BotCommand {
 public:
  virtual ~BotCommand() = default;

  // The reply to `message` (a private-chat message from a human user), given
  // the command's `argument` (the text after the command or after the start
  // payload's prefix; may be empty). A user mistake (unknown or used-up
  // code) is an OK reply that explains it; UNAVAILABLE/INTERNAL when a store
  // failed, so the update is not recorded as processed and Telegram's
  // redelivery retries it. The reply is usually a sendMessage; its method
  // and chat_id may be left for the bot to fill in (sendMessage, this chat).
  virtual absl::StatusOr<v1::TelegramBotCall> Handle(absl::string_view argument,
                                                     const v1::TelegramMessage& message) = 0;

  // Whether Handle's replies carry a secret, such as a one-time login link,
  // that must not be kept at rest. The bot keeps every other reply with the
  // update's record and sends it again to a redelivery (the first never
  // arrived); for these it keeps none and calls Handle again, which must
  // then be safe to repeat: a fresh secret, and no effect taken twice.
  virtual bool RepliesCarrySecrets() const { return false; }
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_BOT_COMMAND_H_
