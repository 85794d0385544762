#include "server/signin/invite_command.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "server/bot/bot_text.h"
#include "server/bot/telegram_user.h"
#include "server/signin/login_link_command.h"

namespace tgauth {
namespace {

v1::TelegramBotCall TextReply(int64_t chat_id, absl::string_view text) {
  v1::TelegramBotCall reply;
  reply.set_method("sendMessage");
  reply.set_chat_id(chat_id);
  reply.set_text(std::string(text));
  return reply;
}

// "Your Premium subscription is active until 2026-12-22 05:06 UTC."
std::string DescribeSubscription(const BotText& say, const storage::Subscription& subscription) {
  if (subscription.tier.empty()) return std::string(say.no_subscription);
  if (!subscription.expires_at.has_value()) {
    return absl::Substitute(say.subscription_active, subscription.tier);
  }
  return absl::Substitute(
      say.subscription_active_until, subscription.tier,
      absl::FormatTime("%Y-%m-%d %H:%M UTC", *subscription.expires_at, absl::UTCTimeZone()));
}

}  // namespace

absl::StatusOr<v1::TelegramBotCall> InviteCommand::Handle(absl::string_view argument,
                                                          const v1::TelegramMessage& message) {
  if (message.from().id() <= 0) return absl::InvalidArgumentError("message has no sender");
  const int64_t chat_id = message.chat().id();
  const BotText& say = BotTextFor(message.from().language_code());
  if (absl::StripAsciiWhitespace(argument).empty()) return TextReply(chat_id, say.invite_usage);
  absl::StatusOr<InviteRedemption> redemption =
      invites_.Redeem(argument, ProfileOf(message.from()));
  if (absl::IsResourceExhausted(redemption.status())) {
    return TextReply(chat_id, say.invite_too_many);
  }
  if (!redemption.ok()) return redemption.status();

  std::string text;
  switch (redemption->result) {
    case storage::RedeemResult::kUnknownCode:
      return TextReply(chat_id, say.invite_unknown);
    case storage::RedeemResult::kExpired:
      return TextReply(chat_id, say.invite_expired);
    case storage::RedeemResult::kUsedUp:
      return TextReply(chat_id, say.invite_used_up);
    case storage::RedeemResult::kRedeemed:
      text = absl::Substitute(say.invite_accepted,
                              DescribeSubscription(say, redemption->user.subscription));
      break;
    case storage::RedeemResult::kAlreadyRedeemed:
      text = absl::Substitute(say.invite_already_used,
                              DescribeSubscription(say, redemption->user.subscription));
      break;
  }
  // The QR-less sign-in: a login link for the user who just redeemed.
  absl::StatusOr<std::string> url = links_.Create(redemption->user.profile);
  if (!url.ok()) return url.status();
  absl::StrAppend(&text, absl::Substitute(say.invite_login_link, links_.options().site_url,
                                          say.lifetime(links_.options().ttl)));
  return LoginButtonReply(say, chat_id, std::move(text), *std::move(url));
}

}  // namespace tgauth
