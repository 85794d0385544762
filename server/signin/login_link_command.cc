#include "server/signin/login_link_command.h"

#include "absl/status/status.h"
#include "absl/strings/substitute.h"
#include "server/bot/telegram_user.h"

namespace tgauth {

v1::TelegramBotCall LoginButtonReply(const BotText& say, int64_t chat_id, std::string text,
                                     std::string url) {
  v1::TelegramBotCall reply;
  reply.set_method("sendMessage");
  reply.set_chat_id(chat_id);
  reply.set_text(std::move(text));
  v1::TelegramInlineKeyboardButton* button =
      reply.mutable_reply_markup()->add_inline_keyboard()->add_buttons();
  button->set_text(std::string(say.sign_in_button));
  button->set_url(std::move(url));
  return reply;
}

absl::StatusOr<v1::TelegramBotCall> LoginLinkCommand::Handle(absl::string_view argument,
                                                             const v1::TelegramMessage& message) {
  if (message.from().id() <= 0) return absl::InvalidArgumentError("message has no sender");
  absl::StatusOr<std::string> url = links_.Create(ProfileOf(message.from()));
  if (!url.ok()) return url.status();
  const BotText& say = BotTextFor(message.from().language_code());
  return LoginButtonReply(say, message.chat().id(),
                          absl::Substitute(say.login_link, links_.options().site_url,
                                           message.from().first_name(),
                                           say.lifetime(links_.options().ttl)),
                          *std::move(url));
}

}  // namespace tgauth
