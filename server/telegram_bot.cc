#include "server/telegram_bot.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/common/log.h"
#include "server/device_description.h"

namespace tgauth {
namespace {

storage::TelegramProfile ProfileOf(const v1::TelegramUser& from) {
  return storage::TelegramProfile{.telegram_id = from.id(),
                                  .first_name = from.first_name(),
                                  .last_name = from.last_name(),
                                  .username = from.username()};
}

}  // namespace

std::optional<std::string> TelegramBot::StartPayload(const v1::TelegramMessage& message) const {
  if (message.chat().type() != "private" || message.from().is_bot() || message.from().id() <= 0) {
    return std::nullopt;
  }
  absl::string_view text = absl::StripAsciiWhitespace(message.text());
  absl::string_view command = text.substr(0, text.find_first_of(" \t\n"));
  absl::string_view payload = absl::StripAsciiWhitespace(text.substr(command.size()));
  if (!absl::ConsumePrefix(&command, "/start")) return std::nullopt;
  // "/start@OtherBot" is meant for another bot in the same chat.
  if (!command.empty() &&
      !absl::EqualsIgnoreCase(command, absl::StrCat("@", options_.bot_username))) {
    return std::nullopt;
  }
  return std::string(payload);
}

absl::StatusOr<std::optional<v1::TelegramSendMessage>> TelegramBot::HandleUpdate(
    const v1::TelegramUpdate& update) {
  if (!update.has_message()) return std::nullopt;
  std::optional<std::string> payload = StartPayload(update.message());
  if (!payload.has_value()) return std::nullopt;

  absl::StatusOr<storage::UpdateClaim> claim =
      ledger_.Claim(update.update_id(), options_.update_lease);
  if (!claim.ok()) return claim.status();
  if (*claim == storage::UpdateClaim::kProcessed) return std::nullopt;  // A redelivery.
  if (*claim == storage::UpdateClaim::kInProgress) {
    // The first delivery may still fail and release it; acknowledging this
    // one would make Telegram stop redelivering, losing the scan.
    return absl::UnavailableError("update is being processed; retry later");
  }

  absl::StatusOr<std::string> text = ReplyToStart(*payload, update.message().from());
  if (!text.ok()) {
    if (absl::Status s = ledger_.Release(update.update_id()); !s.ok()) {
      LogWarning("update claim not released: %s", s.ToString());
    }
    return text.status();
  }
  if (absl::Status s = ledger_.MarkProcessed(update.update_id(), options_.update_retention);
      !s.ok()) {
    // The login is confirmed either way; a redelivery confirms idempotently.
    LogWarning("update not recorded as processed: %s", s.ToString());
  }
  v1::TelegramSendMessage reply;
  reply.set_method("sendMessage");
  reply.set_chat_id(update.message().chat().id());
  reply.set_text(*std::move(text));
  return reply;
}

absl::StatusOr<std::string> TelegramBot::ReplyToStart(const std::string& payload,
                                                      const v1::TelegramUser& from) {
  if (payload.empty()) {
    return absl::StrCat(
        "Hi ", from.first_name(), "! To sign in, open ", options_.site_url,
        " and scan the QR code with your phone, or tap \"Open in Telegram\" there.");
  }
  absl::StatusOr<storage::PendingLogin> login = logins_.Confirm(payload, ProfileOf(from));
  if (login.ok()) {
    // Said plainly: the sign-in already happened, so "ignore this" would be
    // false comfort if someone had sent the user their own login link.
    return absl::StrCat("You signed in to ", options_.site_url, " on ",
                        DescribeDevice(login->device),
                        ". If you did not just scan a code on that device, someone else may now "
                        "be signed in as you: never open login links that others send you.");
  }
  const absl::StatusCode code = login.status().code();
  if (code == absl::StatusCode::kNotFound || code == absl::StatusCode::kFailedPrecondition ||
      code == absl::StatusCode::kInvalidArgument) {
    return absl::StrCat("This login link expired or was already used. Open ", options_.site_url,
                        " to get a new one.");
  }
  return login.status();
}

}  // namespace tgauth
