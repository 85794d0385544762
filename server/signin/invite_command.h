// The bot's side of invite codes (server/signin/invite_codes.h): `/login CODE`, or the start
// payload form `/start invite_<CODE>` (a t.me link an operator can hand
// out). Redeems the code for the sender, activating its subscription tier,
// and answers with a one-time login link button: a sign-in without a QR.
// An unknown, expired or used-up code gets a message saying so and changes
// nothing; a code the sender already redeemed just gets a new link.
#ifndef TGAUTH_SERVER_SIGNIN_INVITE_COMMAND_H_
#define TGAUTH_SERVER_SIGNIN_INVITE_COMMAND_H_

#include "server/bot/bot_command.h"
#include "server/signin/invite_codes.h"
#include "server/signin/login_links.h"

namespace tgauth {

class InviteCommand final : public BotCommand {
 public:
  // `/start invite_<CODE>`: the t.me link form of `/login <CODE>`.
  static constexpr absl::string_view kStartPrefix = "invite_";

  // Both must outlive this.
  InviteCommand(InviteCodes& invites, LoginLinks& links) : invites_(invites), links_(links) {}

  // `argument` is the code as typed. INVALID_ARGUMENT if the message has no
  // sender; UNAVAILABLE if a store is unreachable (Telegram redelivers; a
  // redelivery after a redemption is answered as a repeat, with a link).
  absl::StatusOr<v1::TelegramBotCall> Handle(absl::string_view argument,
                                             const v1::TelegramMessage& message) override;

  // The reply's login link is a bearer secret: a redelivery gets a new one.
  bool RepliesCarrySecrets() const override { return true; }

 private:
  InviteCodes& invites_;
  LoginLinks& links_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_SIGNIN_INVITE_COMMAND_H_
