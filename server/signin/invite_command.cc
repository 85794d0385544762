#include "server/signin/invite_command.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "server/bot/telegram_user.h"
#include "server/signin/login_link_command.h"

namespace tgauth {
namespace {

v1::TelegramBotCall TextReply(int64_t chat_id, std::string text) {
  v1::TelegramBotCall reply;
  reply.set_method("sendMessage");
  reply.set_chat_id(chat_id);
  reply.set_text(std::move(text));
  return reply;
}

// "Your Premium subscription is active until 2026-12-22 05:06 UTC."
std::string DescribeSubscription(const storage::Subscription& subscription) {
  if (subscription.tier.empty()) return "You have no active subscription.";
  std::string text = absl::StrCat("Your ", subscription.tier, " subscription is active");
  if (subscription.expires_at.has_value()) {
    absl::StrAppend(
        &text, " until ",
        absl::FormatTime("%Y-%m-%d %H:%M UTC", *subscription.expires_at, absl::UTCTimeZone()));
  }
  return absl::StrCat(text, ".");
}

}  // namespace

absl::StatusOr<v1::TelegramBotCall> InviteCommand::Handle(absl::string_view argument,
                                                          const v1::TelegramMessage& message) {
  if (message.from().id() <= 0) return absl::InvalidArgumentError("message has no sender");
  const int64_t chat_id = message.chat().id();
  if (absl::StripAsciiWhitespace(argument).empty()) {
    return TextReply(
        chat_id, "Send /login followed by your invite code, for example: /login K7MD2QX9P4TB8WNC");
  }
  absl::StatusOr<InviteRedemption> redemption =
      invites_.Redeem(argument, ProfileOf(message.from()));
  if (absl::IsResourceExhausted(redemption.status())) {
    return TextReply(chat_id, "Too many invite code attempts. Try again in an hour.");
  }
  if (!redemption.ok()) return redemption.status();

  std::string text;
  switch (redemption->result) {
    case storage::RedeemResult::kUnknownCode:
      return TextReply(chat_id,
                       "This invite code does not exist. Check it and send /login <code> again.");
    case storage::RedeemResult::kExpired:
      return TextReply(chat_id, "This invite code has expired. Ask for a new one.");
    case storage::RedeemResult::kUsedUp:
      return TextReply(chat_id, "This invite code has already been used up. Ask for a new one.");
    case storage::RedeemResult::kRedeemed:
      text = absl::StrCat("Invite code accepted. ",
                          DescribeSubscription(redemption->user.subscription));
      break;
    case storage::RedeemResult::kAlreadyRedeemed:
      text = absl::StrCat("You have already used this invite code. ",
                          DescribeSubscription(redemption->user.subscription));
      break;
  }
  // The QR-less sign-in: a login link for the user who just redeemed.
  absl::StatusOr<std::string> url = links_.Create(redemption->user.profile);
  if (!url.ok()) return url.status();
  absl::StrAppend(&text, "\n\nTap the button to sign in to ", links_.options().site_url,
                  ". It works once, within ", DescribeLifetime(links_.options().ttl),
                  ". Do not forward it: whoever opens it can sign in as you.");
  return LoginButtonReply(chat_id, std::move(text), *std::move(url));
}

}  // namespace tgauth
