#include "server/bot/telegram_bot.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "server/bot/bot_text.h"
#include "common/log.h"

namespace tgauth {
namespace {

bool IsHuman(const v1::TelegramUser& user) { return !user.is_bot() && user.id() > 0; }

}  // namespace

void TelegramBot::AddCommand(std::string name, BotCommand& handler) {
  commands_[std::move(name)] = &handler;
}

void TelegramBot::AddStartPayload(std::string prefix, BotCommand& handler) {
  start_payloads_.emplace_back(std::move(prefix), &handler);
  std::stable_sort(start_payloads_.begin(), start_payloads_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

void TelegramBot::AddCallback(std::string prefix, BotCallback& handler) {
  callbacks_[std::move(prefix)] = &handler;
}

absl::StatusOr<std::optional<v1::TelegramBotCall>> TelegramBot::HandleUpdate(
    const v1::TelegramUpdate& update) {
  UpdateOutcome outcome = UpdateOutcome::kIgnored;
  absl::StatusOr<std::optional<v1::TelegramBotCall>> answer = Dispatch(update, outcome);
  const UpdateKind kind = update.has_message()          ? UpdateKind::kMessage
                          : update.has_callback_query() ? UpdateKind::kCallbackQuery
                                                        : UpdateKind::kOther;
  for (UpdateListener* listener : listeners_) listener->OnUpdate(kind, outcome);
  return answer;
}

absl::StatusOr<std::optional<v1::TelegramBotCall>> TelegramBot::Dispatch(
    const v1::TelegramUpdate& update, UpdateOutcome& outcome) {
  // Telegram numbers every update from 1 up (core.telegram.org/bots/api#update);
  // 0 is what JSON without the field parses to, and de-duplicating by it
  // would drop every later update that also lacks one.
  if (update.update_id() <= 0) {
    outcome = UpdateOutcome::kInvalid;
    return absl::InvalidArgumentError("update_id is required: a positive integer");
  }
  std::optional<Route> route;
  if (update.has_message()) {
    route = RouteMessage(update.message());
  } else if (update.has_callback_query()) {
    route = RouteCallback(update.callback_query());
  }
  if (!route.has_value()) {
    outcome = UpdateOutcome::kIgnored;
    return std::nullopt;
  }
  return ProcessOnce(update.update_id(), *std::move(route), outcome);
}

std::optional<TelegramBot::Route> TelegramBot::RouteMessage(const v1::TelegramMessage& message) {
  if (message.chat().type() != "private" || !IsHuman(message.from())) return std::nullopt;
  absl::string_view text = absl::StripAsciiWhitespace(message.text());
  if (!absl::ConsumePrefix(&text, "/")) return std::nullopt;
  absl::string_view command = text.substr(0, text.find_first_of(" \t\n"));
  const absl::string_view argument = absl::StripAsciiWhitespace(text.substr(command.size()));
  if (const size_t at = command.find('@'); at != absl::string_view::npos) {
    // "/start@OtherBot" is meant for another bot in the same chat.
    if (!absl::EqualsIgnoreCase(command.substr(at + 1), options_.bot_username)) {
      return std::nullopt;
    }
    command = command.substr(0, at);
  }
  const std::string name = absl::AsciiStrToLower(command);

  // Fills in what handlers may leave out: a sendMessage to this chat.
  auto to_this_chat = [this, &message](BotCommand* handler, std::string argument) -> Route {
    Reply handle = [this, &message, handler,
                    argument = std::move(argument)]() -> absl::StatusOr<v1::TelegramBotCall> {
      std::optional<std::string> refusal = RefusalFor(message.from());
      absl::StatusOr<v1::TelegramBotCall> reply;
      if (refusal.has_value()) {
        reply.emplace().set_text(*std::move(refusal));
      } else {
        reply = handler->Handle(argument, message);
      }
      if (!reply.ok()) return reply;
      if (reply->method().empty()) reply->set_method("sendMessage");
      if (reply->method() == "sendMessage" && reply->chat_id() == 0) {
        reply->set_chat_id(message.chat().id());
      }
      return reply;
    };
    return Route{.reply = std::move(handle), .keep_reply = !handler->RepliesCarrySecrets()};
  };
  if (name != "start") {
    auto it = commands_.find(name);
    if (it == commands_.end()) return std::nullopt;
    return to_this_chat(it->second, std::string(argument));
  }
  for (const auto& [prefix, handler] : start_payloads_) {
    if (!argument.empty() && absl::StartsWith(argument, prefix)) {
      return to_this_chat(handler, std::string(argument.substr(prefix.size())));
    }
  }
  // "/start" alone, or a payload nobody handles: point to the site.
  return Route{.reply = [this, &message]() -> absl::StatusOr<v1::TelegramBotCall> {
    v1::TelegramBotCall greeting;
    greeting.set_method("sendMessage");
    greeting.set_chat_id(message.chat().id());
    greeting.set_text(absl::Substitute(BotTextFor(message.from().language_code()).greeting,
                                       message.from().first_name(), options_.site_url));
    return greeting;
  }};
}

std::optional<TelegramBot::Route> TelegramBot::RouteCallback(
    const v1::TelegramCallbackQuery& query) {
  if (!IsHuman(query.from()) || query.id().empty()) return std::nullopt;
  absl::string_view data = query.data();
  const size_t colon = data.find(':');
  BotCallback* handler = nullptr;
  if (colon != absl::string_view::npos) {
    auto it = callbacks_.find(data.substr(0, colon));
    if (it != callbacks_.end()) handler = it->second;
  }
  // Answers to presses (answerCallbackQuery, BotCallback) carry no secret.
  return Route{.reply = [this, &query, handler, argument = std::string(data.substr(colon + 1))]()
                   -> absl::StatusOr<v1::TelegramBotCall> {
    v1::TelegramBotCall answer;
    if (std::optional<std::string> refusal = RefusalFor(query.from()); refusal.has_value()) {
      answer.set_text(*std::move(refusal));
      answer.set_show_alert(true);
    } else if (handler != nullptr) {
      absl::StatusOr<v1::TelegramBotCall> handled = handler->HandlePress(argument, query);
      if (!handled.ok()) return handled;
      answer = *std::move(handled);
    } else {
      // A button of a former version, or forged data: still stop the spinner.
      answer.set_text(std::string(BotTextFor(query.from().language_code()).button_gone));
    }
    if (answer.method().empty()) answer.set_method("answerCallbackQuery");
    if (answer.method() == "answerCallbackQuery" && answer.callback_query_id().empty()) {
      answer.set_callback_query_id(query.id());
    }
    return answer;
  }};
}

std::optional<std::string> TelegramBot::RefusalFor(const v1::TelegramUser& from) const {
  if (blocked_ == nullptr || !blocked_->IsBlocked(from.id())) return std::nullopt;
  return std::string(BotTextFor(from.language_code()).account_blocked);
}

absl::StatusOr<std::optional<v1::TelegramBotCall>> TelegramBot::ProcessOnce(
    int64_t update_id, Route route, UpdateOutcome& outcome) {
  outcome = UpdateOutcome::kFailed;
  absl::StatusOr<storage::ClaimResult> claim = ledger_.Claim(update_id, options_.update_lease);
  if (!claim.ok()) return claim.status();
  if (claim->claim == storage::UpdateClaim::kInProgress) {
    // The first delivery may still fail and release it; acknowledging this
    // one would make Telegram stop redelivering, losing the update.
    return absl::UnavailableError("update is being processed; retry later");
  }
  if (claim->claim == storage::UpdateClaim::kProcessed) {
    absl::StatusOr<std::optional<v1::TelegramBotCall>> again = AnswerAgain(claim->reply, route);
    if (again.ok()) outcome = UpdateOutcome::kDuplicate;
    return again;
  }
  absl::StatusOr<v1::TelegramBotCall> call = RunRenewingClaim(update_id, route.reply);
  if (!call.ok()) {
    if (absl::Status s = ledger_.Release(update_id); !s.ok()) {
      LogWarning("update claim not released", {{"error", s}});
    }
    return call.status();
  }
  const std::string kept = route.keep_reply ? call->SerializeAsString() : std::string();
  if (absl::Status s = ledger_.MarkProcessed(update_id, kept, options_.update_retention);
      !s.ok()) {
    // It took effect either way; once the claim lapses, a redelivery finds
    // the login (or session) already answered and says so.
    LogWarning("update not recorded as processed", {{"error", s}});
  }
  outcome = UpdateOutcome::kHandled;
  return *std::move(call);
}

absl::StatusOr<std::optional<v1::TelegramBotCall>> TelegramBot::AnswerAgain(absl::string_view kept,
                                                                            Route& route) {
  if (!route.keep_reply) {
    // Its reply carried a secret that was never stored: issue a new one.
    absl::StatusOr<v1::TelegramBotCall> fresh = route.reply();
    if (!fresh.ok()) return fresh.status();
    return *std::move(fresh);
  }
  if (kept.empty()) return std::nullopt;  // Recorded without a reply.
  v1::TelegramBotCall call;
  if (!call.ParseFromArray(kept.data(), static_cast<int>(kept.size()))) {
    LogWarning("kept bot reply unreadable; acknowledging without it");
    return std::nullopt;
  }
  return call;
}

absl::StatusOr<v1::TelegramBotCall> TelegramBot::RunRenewingClaim(int64_t update_id, Reply& reply) {
  // The claim's lease is short so that it lapses soon after a crash; while
  // this process lives and works, it keeps it.
  Timer renewal = clock_.RunEvery(options_.update_lease / 3, [this, update_id] {
    if (absl::Status s = ledger_.Renew(update_id, options_.update_lease); !s.ok()) {
      LogWarning("update claim not renewed", {{"error", s}});
    }
  });
  return reply();
}

}  // namespace tgauth
