#include "server/signin/login_link_command.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/bot/telegram_user.h"

namespace tgauth {

v1::TelegramBotCall LoginButtonReply(int64_t chat_id, std::string text, std::string url) {
  v1::TelegramBotCall reply;
  reply.set_method("sendMessage");
  reply.set_chat_id(chat_id);
  reply.set_text(std::move(text));
  v1::TelegramInlineKeyboardButton* button =
      reply.mutable_reply_markup()->add_inline_keyboard()->add_buttons();
  button->set_text("Sign in");
  button->set_url(std::move(url));
  return reply;
}

std::string DescribeLifetime(absl::Duration ttl) {
  const int64_t seconds = absl::ToInt64Seconds(ttl);
  if (seconds % 60 != 0) return absl::StrCat(seconds, seconds == 1 ? " second" : " seconds");
  const int64_t minutes = seconds / 60;
  return absl::StrCat(minutes, minutes == 1 ? " minute" : " minutes");
}

absl::StatusOr<v1::TelegramBotCall> LoginLinkCommand::Handle(absl::string_view argument,
                                                             const v1::TelegramMessage& message) {
  if (message.from().id() <= 0) return absl::InvalidArgumentError("message has no sender");
  absl::StatusOr<std::string> url = links_.Create(ProfileOf(message.from()));
  if (!url.ok()) return url.status();
  return LoginButtonReply(
      message.chat().id(),
      absl::StrCat("Tap the button to sign in to ", links_.options().site_url, " as ",
                   message.from().first_name(), ". It works once, within ",
                   DescribeLifetime(links_.options().ttl),
                   ". Do not forward it: whoever opens it can sign in as you."),
      *std::move(url));
}

}  // namespace tgauth
