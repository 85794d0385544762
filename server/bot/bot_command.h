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
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_BOT_BOT_COMMAND_H_
