// The bot's side of login links (server/signin/login_links.h): `/start web_auth` (the payload
// is configurable) answers with an inline URL button to a one-time login
// link for the Telegram user who sent it.
#ifndef TGAUTH_SERVER_SIGNIN_LOGIN_LINK_COMMAND_H_
#define TGAUTH_SERVER_SIGNIN_LOGIN_LINK_COMMAND_H_

#include <string>

#include "server/bot/bot_command.h"
#include "server/bot/bot_text.h"
#include "server/signin/login_links.h"

namespace tgauth {

// A reply to `chat_id` with `text` and one inline URL button, "Sign in" in
// `say`'s language, opening `url` (a login link).
v1::TelegramBotCall LoginButtonReply(const BotText& say, int64_t chat_id, std::string text,
                                     std::string url);

class LoginLinkCommand final : public BotCommand {
 public:
  // `links` must outlive this.
  explicit LoginLinkCommand(LoginLinks& links) : links_(links) {}

  // Ignores `argument`. INVALID_ARGUMENT if the message has no sender;
  // UNAVAILABLE if the link store is unreachable (Telegram redelivers).
  absl::StatusOr<v1::TelegramBotCall> Handle(absl::string_view argument,
                                             const v1::TelegramMessage& message) override;

  // The reply's login link is a bearer secret: a redelivery gets a new one.
  bool RepliesCarrySecrets() const override { return true; }

 private:
  LoginLinks& links_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SIGNIN_LOGIN_LINK_COMMAND_H_
